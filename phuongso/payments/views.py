from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from phuongso.core.access import public, signed_in
from phuongso.core.throttle import client_address
from phuongso.payments import services, signing, simulator
from phuongso.payments.models import PaymentStatus


@signed_in
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen starts paying their dossier's fees: off to the gateway."""
    dossier = get_object_or_404(request.user.dossiers, pk=pk)
    if request.method != "POST":
        raise Http404
    try:
        url = services.start_payment(
            dossier=dossier,
            return_url=request.build_absolute_uri(reverse("payments:return")),
            client_ip=client_address(request),
        )
    except services.PaymentError as exc:
        messages.error(request, exc.message)
        return redirect("dossiers:my_dossier", pk=pk)
    return redirect(url)


@signed_in
def back_from_gateway(request: HttpRequest) -> HttpResponse:
    payment = services.read_return(request.GET.dict())
    if payment is None or payment.dossier.applicant_id != request.user.pk:
        messages.error(
            request,
            "Kết quả thanh toán không hợp lệ (sai chữ ký). Vui lòng liên hệ Bộ phận Một cửa.",
        )
        return redirect("dossiers:my_dossiers")
    if payment.status == PaymentStatus.PAID:
        messages.success(request, "Thanh toán phí, lệ phí thành công.")
    elif payment.status == PaymentStatus.REFUND_DUE:
        messages.error(
            request,
            "Cổng thanh toán đã thu tiền nhưng khoản này không còn khớp với phí, lệ phí của hồ "
            "sơ (phí đã thay đổi, đã được nộp hoặc hồ sơ đã dừng). Phường sẽ hoàn lại số tiền "
            "này; vui lòng liên hệ Bộ phận Một cửa nếu cần.",
        )
    else:
        messages.error(request, "Thanh toán chưa thành công. Bạn có thể thử lại.")
    return redirect("dossiers:my_dossier", pk=payment.dossier_id)


@public
@csrf_exempt  # server-to-server call from the gateway, authenticated by its HMAC signature
def ipn(request: HttpRequest) -> JsonResponse:
    answer = services.handle_ipn(request.GET.dict() or request.POST.dict())
    return JsonResponse(answer.as_json())


@public
def gateway_simulator(request: HttpRequest) -> HttpResponse:
    """The local stand-in for the payment gateway's own page (demo and tests)."""
    if not simulator.is_enabled():
        raise Http404
    params = request.GET.dict() if request.method == "GET" else request.POST.dict()
    params.pop("csrfmiddlewaretoken", None)
    choice = params.pop("lua_chon", "")
    if not signing.verify(params, services.settings.PAYMENT_HASH_SECRET):
        return render(request, "payments/simulator.html", {"invalid": True}, status=400)
    if request.method == "POST" and choice in {"thanh_toan", "huy"}:
        _, return_url = simulator.complete(params, paid=choice == "thanh_toan")
        return redirect(return_url)
    amount = int(params.get("vnp_Amount", "0")) // 100
    return render(request, "payments/simulator.html", {"params": params, "amount": amount})
