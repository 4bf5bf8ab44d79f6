// Fill the map coordinates from the phone's position, when the browser can and the person agrees.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-locate]");
  var status = document.getElementById("vi-tri-trang-thai");
  if (!button || !status || !navigator.geolocation) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = "Đang xác định vị trí…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        document.getElementById("id_latitude").value = position.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = position.coords.longitude.toFixed(6);
        status.textContent = "Đã điền vị trí hiện tại của bạn.";
      },
      function () {
        status.textContent = "Không lấy được vị trí. Bạn có thể nhập tay hoặc để trống.";
      },
      { enableHighAccuracy: true, timeout: 10000 }
    );
  });
});
