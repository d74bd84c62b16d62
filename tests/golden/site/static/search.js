/* infoview offline search: reads window.INFOVIEW_SEARCH, never touches the network.
   Results are built with textContent, so nothing from the journal becomes markup. */
(function () {
  "use strict";
  var data = window.INFOVIEW_SEARCH || [];
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var form = document.getElementById("search-form");
  if (!input || !list) { return; }
  var root = "";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var prepared = data.map(function (r) {
    return { r: r, title: fold(r.t), rest: fold([r.d, (r.g || []).join(" "), r.x].join(" ")) };
  });

  function snippet(text, word) {
    var at = fold(text).indexOf(word);
    if (at < 0) { return ""; }
    var start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + text.slice(start, at + 100) + (at + 100 < text.length ? "…" : "");
  }

  function run() {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { status.textContent = "Type to search. Works offline."; return; }
    var hits = [];
    prepared.forEach(function (p) {
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var inTitle = p.title.indexOf(words[i]) >= 0;
        if (!inTitle && p.rest.indexOf(words[i]) < 0) { return; }
        score += inTitle ? 10 : 1;
      }
      hits.push({ p: p, score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.p.title.localeCompare(b.p.title); });
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results");
    hits.slice(0, 200).forEach(function (hit) {
      var r = hit.p.r;
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = r.k;
      var a = document.createElement("a");
      a.href = root + r.u;
      a.textContent = r.t;
      li.appendChild(kind);
      li.appendChild(a);
      if (r.d) {
        var d = document.createElement("span");
        d.className = "detail";
        d.textContent = r.d;
        li.appendChild(d);
      }
      var s = snippet(r.x || "", words[0]);
      if (s) {
        var sn = document.createElement("span");
        sn.className = "snippet";
        sn.textContent = s;
        li.appendChild(sn);
      }
      list.appendChild(li);
    });
  }
  input.addEventListener("input", run);
  if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); run(); }); }
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; }
  run();
})();
