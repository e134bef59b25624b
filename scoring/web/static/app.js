// jixiao local web page: drag-and-drop upload with progress. Plain JavaScript, no libraries.
"use strict";
(function () {
  var body = document.body;
  var maxBytes = Number(body.dataset.maxBytes || 0);

  function sizeText(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.ceil(bytes / 1024) + " KB";
  }

  function showName(input) {
    var out = input.closest("label.drop").querySelector(".drop-name");
    var file = input.files && input.files[0];
    out.textContent = file ? body.dataset.msgChosen + file.name + " (" + sizeText(file.size) + ")" : "";
  }

  function status(form, text) {
    form.querySelector(".progress-text").textContent = text;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches("label.drop input[type=file]")) { showName(input); }
  });

  ["dragenter", "dragover"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var drop = event.target.closest && event.target.closest("label.drop");
      if (!drop) { return; }
      event.preventDefault();
      drop.classList.add("over");
    });
  });
  document.addEventListener("dragleave", function (event) {
    var drop = event.target.closest && event.target.closest("label.drop");
    if (drop) { drop.classList.remove("over"); }
  });
  document.addEventListener("drop", function (event) {
    var drop = event.target.closest && event.target.closest("label.drop");
    if (!drop) { return; }
    event.preventDefault();
    drop.classList.remove("over");
    var input = drop.querySelector("input[type=file]");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      showName(input);
    }
  });

  function swap(html, url) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var main = doc.getElementById("main");
    if (!main) { window.location.assign(url); return; }
    document.getElementById("main").replaceWith(main);
    document.title = doc.title;
    var lang = doc.querySelector("a.lang");
    var oldLang = document.querySelector("a.lang");
    if (lang && oldLang) { oldLang.replaceWith(lang); }
    if (url && url !== window.location.href) { window.history.pushState(null, "", url); }
    window.scrollTo(0, 0);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form.upload")) { return; }
    var input = form.querySelector("input[type=file]");
    var file = input.files && input.files[0];
    if (file && maxBytes && file.size > maxBytes) {
      event.preventDefault();
      status(form, body.dataset.msgTooBig);
      return;
    }
    if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser) { return; }
    event.preventDefault();
    var bar = form.querySelector("progress");
    var button = form.querySelector("button[type=submit]");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    status(form, body.dataset.msgSending);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(e.loaded / e.total * 100);
        status(form, body.dataset.msgSending + " " + bar.value + "%");
      }
    });
    xhr.upload.addEventListener("load", function () {
      bar.removeAttribute("value");
      status(form, body.dataset.msgWorking);
    });
    xhr.addEventListener("load", function () { swap(xhr.responseText, xhr.responseURL); });
    xhr.addEventListener("error", function () {
      button.disabled = false;
      bar.hidden = true;
      status(form, body.dataset.msgFailed);
    });
    xhr.send(new FormData(form));
  });

  window.addEventListener("popstate", function () { window.location.reload(); });
}());
