/* infoview offline search: reads window.INFOVIEW_SEARCH (in an encrypted site,
   window.INFOVIEW_SEALED_SEARCH, opened with the site's key), never touches
   the network. Results are built with textContent, so nothing from the journal
   becomes markup. */
(function () {
  "use strict";
  var sealed = window.INFOVIEW_SEALED_SEARCH;
  if (sealed && window.infoviewUnseal) {
    var waiting = document.getElementById("search-status");
    if (waiting) { waiting.textContent = "Opening the search index…"; }
    Promise.all(sealed.map(window.infoviewUnseal)).then(function (parts) {
      infoviewSearch([].concat.apply([], parts.map(function (part) { return JSON.parse(part); })));
    }, function () {
      if (waiting) { waiting.textContent = "The search index cannot be opened: it was changed or damaged after the site was built."; }
    });
  } else {
    infoviewSearch(window.INFOVIEW_SEARCH || []);
  }
})();

function infoviewSearch(data) {
  "use strict";
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");
  var form = document.getElementById("search-form");
  if (!input || !list) { return; }
  var root = "";
  var SHOWN = 200;
  var ENDS = /^["'()\[\]{}<>.,;:!?*_|`~\u2018\u2019\u201c\u201d\u2026\u2013\u2014]+|["'()\[\]{}<>.,;:!?*_|`~\u2018\u2019\u201c\u201d\u2026\u2013\u2014]+$/g;

  /* The words searched for, kept in the page's address: a reload (as the
     preview's, after an edit) or a step back from a result finds them again. */
  function keep(value) {
    if (!window.history || !window.history.replaceState) { return; }
    var params = new URLSearchParams(window.location.search);
    if (value) { params.set("q", value); } else { params.delete("q"); }
    var query = params.toString();
    try {
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    } catch (e) { /* (a browser that forbids it for files opened from disk) */ }
  }

  function fold(text) {  /* (one letter for one: the words found are marked where they are) */
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'");  /* "don't" as typed, "don’t" as shown */
  }
  var prepared = data.map(function (r) {
    /* r.w: long notes' other words, a line each (r.x quotes their start only) */
    return { r: r, title: fold(r.t), meta: fold([r.d, (r.g || []).join(" ")].join(" ")),
             text: fold(r.w ? r.x + "\n" + r.w : r.x) };
  });

  /* The notes around the first word found in the text quoted, from a word's start
     to a word's end, a block's end read as " · "; and the words found only further
     on in long notes (r.w holds those, a line each), between ellipses. */
  function snippet(text, words, more) {
    var folded = fold(text);
    var at = -1;
    var missing = words.filter(function (word) {
      var found = folded.indexOf(word);
      if (found >= 0 && (at < 0 || found < at)) { at = found; }
      return found < 0;
    });
    var quoted = "";
    if (at >= 0) {
      var start = Math.max(0, at - 60);
      var end = Math.min(text.length, at + 100);
      if (start > 0) { start = Math.min(at, nextBreak(text, start)); }
      if (end < text.length) { end = Math.max(at + 1, lastBreak(text, end)); }
      quoted = (start > 0 ? "…" : "") + text.slice(start, end).replace(/\n/g, " · ") +
        (end < text.length ? "…" : "");
    }
    var later = (more || "").split("\n").filter(function (each) {
      var f = fold(each);
      return each && missing.some(function (word) { return f.indexOf(word) >= 0; });
    });
    if (!later.length) { return quoted; }
    var between = quoted.slice(-1) === "…" ? " " : " … ";  /* (one ellipsis between them) */
    return (quoted ? quoted + between : "… ") + later.slice(0, 5).join(" … ") + " …";
  }
  function nextBreak(text, from) {  /* just past the white space at or after from */
    var found = text.slice(from).search(/\s/);
    return found < 0 ? from : from + found + 1;
  }
  function lastBreak(text, to) {  /* the white space before to */
    var cut = text.slice(0, to);
    return Math.max(cut.lastIndexOf(" "), cut.lastIndexOf("\n"));
  }

  /* Puts text into el with the searched words in <mark>, as text nodes only. */
  function highlighted(el, text, words) {
    var folded = fold(text);
    if (folded.length !== text.length) { el.textContent = text; return el; }  /* offsets would not match */
    var ranges = [];
    words.forEach(function (word) {
      for (var at = folded.indexOf(word); at >= 0; at = folded.indexOf(word, at + word.length)) {
        ranges.push([at, at + word.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    ranges.forEach(function (range) {
      if (range[1] <= pos) { return; }
      var from = Math.max(range[0], pos);
      el.appendChild(document.createTextNode(text.slice(pos, from)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(from, range[1]);
      el.appendChild(mark);
      pos = range[1];
    });
    el.appendChild(document.createTextNode(text.slice(pos)));
    return el;
  }

  function run() {
    /* Each word typed, without the marks at its ends ("research," is "research"),
       as the words of long notes are kept. */
    var words = fold(input.value).split(/\s+/).map(function (word) {
      return word.replace(ENDS, "");
    }).filter(Boolean);
    keep(input.value);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!words.length) { status.textContent = "Type to search. Works offline."; return; }
    var hits = [];
    prepared.forEach(function (p) {
      /* Each word must be found: in the title it counts most, then in the
         details and tags (a conversation's topic, a person's role), then in the notes. */
      var score = 0;
      for (var i = 0; i < words.length; i++) {
        var found = p.title.indexOf(words[i]) >= 0 ? 10 : p.meta.indexOf(words[i]) >= 0 ? 4 :
          p.text.indexOf(words[i]) >= 0 ? 1 : 0;
        if (!found) { return; }
        score += found;
      }
      if (words.length > 1) {  /* the words together, as typed, count again */
        var phrase = words.join(" ");
        score += p.title.indexOf(phrase) >= 0 ? 10 : p.meta.indexOf(phrase) >= 0 ? 4 :
          p.text.indexOf(phrase) >= 0 ? 1 : 0;
      }
      hits.push({ p: p, score: score });
    });
    /* Best first; among equals, people, then companies, then conversations, newest first. */
    var order = { contact: 0, company: 1, interview: 2 };
    hits.sort(function (a, b) {
      var ka = order[a.p.r.k] === undefined ? 3 : order[a.p.r.k];
      var kb = order[b.p.r.k] === undefined ? 3 : order[b.p.r.k];
      if (b.score !== a.score) { return b.score - a.score; }
      if (ka !== kb) { return ka - kb; }
      var byTitle = a.p.title.localeCompare(b.p.title);
      return a.p.r.k === "interview" ? -byTitle : byTitle;  /* their titles start with the date */
    });
    status.textContent = hits.length + (hits.length === 1 ? " result" : " results") +
      (hits.length > SHOWN ? ", the best " + SHOWN + " shown: add a word to narrow them" : "");
    hits.slice(0, SHOWN).forEach(function (hit) {
      var r = hit.p.r;
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = r.k;
      var a = document.createElement("a");
      a.href = root + r.u;
      li.appendChild(kind);
      li.appendChild(highlighted(a, r.t, words));
      /* The tags, where a word was found in them: what else would say why it is here. */
      var tags = (r.g || []).join(", ");
      var tagged = tags && words.some(function (word) { return fold(tags).indexOf(word) >= 0; });
      var detail = [r.d, tagged ? "tagged " + tags : ""].filter(Boolean).join(" · ");
      if (detail) {
        var d = document.createElement("span");
        d.className = "detail";
        li.appendChild(highlighted(d, detail, words));
      }
      var s = snippet(r.x || "", words, r.w);
      if (s) {
        var sn = document.createElement("span");
        sn.className = "snippet";
        li.appendChild(highlighted(sn, s, words));
      }
      list.appendChild(li);
    });
  }
  input.addEventListener("input", run);
  if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); run(); }); }
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; }
  run();
}
