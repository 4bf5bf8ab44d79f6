"""Benchmark and demonstration tooling (not shipped: the package includes phuongso* only).

As a Django app (installed by settings.py when this folder is importable, i.e. in a source
checkout) it gives `manage.py generate_history`, the synthetic history load_demo and the
benchmarks use: synthetic.py generates the dossiers, history.py writes them fast.
"""
