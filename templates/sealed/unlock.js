/* infoview: opens a page of an encrypted site, in the browser, with the Web
   Crypto API. The page holds its content encrypted (AES-256-GCM, bound to the
   file name it was published under: a page moved to another name does not
   open); the key is derived from the passphrase with PBKDF2-SHA256 and
   the site's salt. Once a passphrase opens the site, the key is kept for the
   session (and, if asked, on this device) so that every page opens at once.
   Nothing is sent anywhere. */
(function () {
  "use strict";
  var sealed = document.getElementById("sealed");
  var form = document.getElementById("unlock");
  if (!sealed || !form) { return; }
  var input = document.getElementById("passphrase");
  var remember = document.getElementById("remember");
  var status = document.getElementById("unlock-status");
  var button = form.querySelector("button");
  var salt = sealed.getAttribute("data-salt");
  var iterations = parseInt(sealed.getAttribute("data-iterations"), 10);
  var check = sealed.getAttribute("data-check");
  /* The file's name, as the address gives it (a host may leave out ".html"). */
  var name = decodeURIComponent(location.pathname.split("/").pop()) || "index.html";
  if (name.indexOf(".") < 0) { name += ".html"; }
  var slot = "infoview-key:" + salt;  /* one per site: several may share a host */
  var subtle = window.crypto && window.crypto.subtle;

  function bytes(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function base64(data) {
    var text = "";
    for (var i = 0; i < data.length; i++) { text += String.fromCharCode(data[i]); }
    return btoa(text);
  }
  function say(text, bad) {
    status.textContent = text;
    status.className = "unlock-status" + (bad ? " bad" : "");
  }
  function opened(key, text, bound) {
    var raw = bytes(text);
    return subtle.decrypt({ name: "AES-GCM", iv: raw.slice(0, 12), additionalData: new TextEncoder().encode(bound) },
      key, raw.slice(12));
  }
  function stored() {
    try { return sessionStorage.getItem(slot) || localStorage.getItem(slot); } catch (e) { return null; }
  }
  function keep(raw, always) {
    try {
      sessionStorage.setItem(slot, base64(raw));
      if (always) { localStorage.setItem(slot, base64(raw)); }
    } catch (e) { /* storage refused (a private window): the next page asks again */ }
  }
  function forget() {
    try { sessionStorage.removeItem(slot); localStorage.removeItem(slot); } catch (e) { /* nothing kept */ }
  }

  function show(key) {
    return opened(key, sealed.textContent.trim(), name).then(function (plain) {
      /* The search page's scripts open the search index's shards with this. */
      window.infoviewUnseal = function (item) {
        return opened(key, item.d, item.n).then(function (data) { return new TextDecoder().decode(data); });
      };
      var page = new TextDecoder().decode(plain);
      document.open();
      document.write(page);
      document.close();
      offerToLock();
      /* The address's #part was looked for before the page was there. */
      var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) { target.scrollIntoView(); }
    }, function () {
      say("This page cannot be opened: it was changed, moved or damaged after the site was built. " +
          "Build it again with infoview build --encrypt --clean, and publish it again.", true);
      input.disabled = true;
      button.disabled = true;
    });
  }

  function unlock(raw, always, fromStore) {
    return subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]).then(function (key) {
      return opened(key, check, "check").then(function () {
        keep(raw, always);
        return show(key);
      }, function () {
        if (fromStore) {
          forget();
          say("The passphrase of this site has changed: enter the new one.", true);
        } else {
          say("That passphrase is not right. Try again.", true);
          input.select();
        }
      });
    });
  }

  /* A button at the foot of the opened page that forgets the key, on this
     device too, and shows the form again. */
  function offerToLock() {
    var foot = document.querySelector("footer p") || document.body;
    var lock = document.createElement("button");
    lock.type = "button";
    lock.className = "lock";
    lock.textContent = "Lock";
    lock.addEventListener("click", function () { forget(); location.reload(); });
    foot.appendChild(document.createTextNode(" · "));
    foot.appendChild(lock);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!subtle) {
      say("This browser cannot decrypt the page here: open the site over https:// (or from a file on this device).", true);
      return;
    }
    button.disabled = true;
    say("Unlocking…");
    subtle.importKey("raw", new TextEncoder().encode(input.value.normalize("NFC")), "PBKDF2", false, ["deriveBits"])
      .then(function (base) {
        return subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: bytes(salt), iterations: iterations },
          base, 512);
      })
      .then(function (bits) { return unlock(new Uint8Array(bits).slice(0, 32), remember.checked, false); })
      .catch(function () { say("The page could not be opened in this browser.", true); })
      .then(function () { button.disabled = input.disabled; });
  });

  if (!subtle) {
    say("This browser cannot decrypt the page here: open the site over https:// (or from a file on this device).", true);
  }
  var known = subtle ? stored() : null;
  if (known) {
    say("Opening…");
    /* Once the page has loaded: a page still being parsed would take the
       opened page into itself instead of giving way to it. */
    var start = function () { unlock(bytes(known), false, true).catch(function () { forget(); say(""); }); };
    if (document.readyState === "complete") { start(); } else { window.addEventListener("load", start); }
  }
})();
