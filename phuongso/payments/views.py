from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt

from phuongso.accounts.models import Role
from phuongso.core.access import public, signed_in, staff_required
from phuongso.core.text import format_number
from phuongso.core.throttle import client_address
from phuongso.dossiers.access import get_dossier_for_user, own_dossiers
from phuongso.payments import services, signing, simulator
from phuongso.payments.models import Payment, PaymentStatus


@signed_in
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    """The citizen starts paying their dossier's fees: off to the gateway."""
    dossier = get_object_or_404(own_dossiers(request.user), pk=pk)
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


@staff_required(Role.COUNTER_OFFICER)
def refunded(request: HttpRequest, pk: int) -> HttpResponse:
    """The counter records that it paid a refund due back to the citizen."""
    if request.method != "POST":
        raise Http404
    payment = get_object_or_404(Payment.objects.select_related("dossier"), pk=pk)
    get_dossier_for_user(request.user, payment.dossier_id)  # 404 unless theirs to see
    try:
        services.record_refund(payment=payment, officer=request.user)
        messages.success(request, f"Đã ghi nhận hoàn {format_number(payment.amount)} đồng.")
    except services.PaymentError as exc:
        messages.error(request, exc.message)
    return redirect("dossiers:desk_dossier", pk=payment.dossier_id)


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
