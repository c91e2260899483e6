// Live preview only: when the last rebuild failed, show its located errors over the last good page.
// The preview rewrites kb-preview.json after every rebuild, and MkDocs' live reload reloads the page.
(function () {
  var status = new URL("kb-preview.json", document.currentScript.src);
  function show(errors) {
    var old = document.getElementById("kb-preview-errors");
    if (old) old.remove();
    if (!errors.length) return;
    var box = document.createElement("section");
    box.id = "kb-preview-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:1000;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace";
    var title = document.createElement("h2");
    title.textContent = "The preview could not be rebuilt: " + errors.length +
      (errors.length === 1 ? " problem" : " problems") + " (this page is the last good build)";
    title.style.cssText = "color:#ffb4a9;font:bold 18px sans-serif;margin:0 0 1rem";
    var list = document.createElement("ul");
    errors.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      item.style.margin = ".5rem 0";
      list.appendChild(item);
    });
    var note = document.createElement("p");
    note.textContent = "Fix the file and save: this page reloads by itself.";
    box.append(title, list, note);
    document.body.appendChild(box);
  }
  fetch(status, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : {errors: []}; })
    .then(function (data) { show(data.errors || []); }, function () {});
})();
