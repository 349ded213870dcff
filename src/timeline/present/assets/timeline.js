/* The interactive timeline page (timeline toolkit). Reads the embedded JSON, builds the filters, the
   day axis and the event list. Every value from the data is inserted with textContent or as an attribute
   of an element created here, never as HTML, and links are kept only when they are http(s). */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  var texts = data.texts || {};
  var DAY_MS = 86400000;
  var MAX_STACK = 4;  // dots per day on the axis; more are counted ("+12") so the axis keeps its height

  function t(key, values) {
    var s = texts[key] || key;
    Object.keys(values || {}).forEach(function (k) { s = s.split("{" + k + "}").join(String(values[k])); });
    return s;
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s"'<>]+$/i.test(url) ? url : null;
  }

  function dayValue(iso) {
    var p = String(iso).split("-");
    return Date.UTC(+p[0], (+p[1] || 1) - 1, +p[2] || 1);
  }

  function fillSelect(select, values, labels) {
    select.appendChild(el("option", { value: "" }, t("page.all")));
    values.forEach(function (v) { select.appendChild(el("option", { value: v }, labels ? labels[v] || v : v)); });
  }

  function unique(list) {
    return list.filter(function (v, i) { return v && list.indexOf(v) === i; }).sort(function (a, b) {
      return a.localeCompare(b);
    });
  }

  var events = data.events || [];
  var controls = {
    actor: document.getElementById("filter-actor"),
    type: document.getElementById("filter-type"),
    language: document.getElementById("filter-language"),
    text: document.getElementById("filter-text"),
    key: document.getElementById("filter-key")
  };
  var typeLabels = {};
  events.forEach(function (ev) { typeLabels[ev.type] = ev.type_label; });
  fillSelect(controls.actor, unique([].concat.apply([], events.map(function (ev) {
    return ev.actors.concat(ev.targets);
  }))));
  fillSelect(controls.type, unique(events.map(function (ev) { return ev.type; })), typeLabels);
  fillSelect(controls.language, unique([].concat.apply([], events.map(function (ev) { return ev.languages; }))));

  function matches(ev, f) {
    if (f.key && !ev.is_key) { return false; }
    if (f.actor && ev.actors.indexOf(f.actor) < 0 && ev.targets.indexOf(f.actor) < 0) { return false; }
    if (f.type && ev.type !== f.type) { return false; }
    if (f.language && ev.languages.indexOf(f.language) < 0) { return false; }
    if (f.text) {
      var hay = [ev.title, ev.actors.join(" "), ev.targets.join(" "), ev.type_label].join(" ").toLowerCase();
      if (hay.indexOf(f.text) < 0) { return false; }
    }
    return true;
  }

  function currentFilters() {
    return {
      actor: controls.actor.value, type: controls.type.value, language: controls.language.value,
      text: controls.text.value.trim().toLowerCase(), key: controls.key.checked
    };
  }

  var range = data.range || [events.length ? events[0].date : "2000-01-01",
    events.length ? events[events.length - 1].date : "2000-01-02"];
  var lo = dayValue(range[0]);
  var span = Math.max(DAY_MS, dayValue(range[1]) - lo);

  function pct(iso) { return (100 * (dayValue(iso) - lo) / span).toFixed(3) + "%"; }

  function buildAxis(visible) {
    var axis = document.getElementById("axis");
    axis.textContent = "";
    if (data.window) {
      var w = el("div", { "class": "window" });
      w.style.left = (100 * (dayValue(data.window[0]) - DAY_MS / 2 - lo) / span).toFixed(3) + "%";
      w.style.width = (100 * (dayValue(data.window[1]) - dayValue(data.window[0]) + DAY_MS) / span).toFixed(3) + "%";
      axis.appendChild(w);
    }
    (data.milestones || []).forEach(function (m) {
      var line = el("div", { "class": "milestone", title: m.display + ": " + m.label });
      line.style.left = pct(m.date);
      axis.appendChild(line);
    });
    (data.ticks || []).forEach(function (tick) {
      var label = el("span", { "class": "tick" }, tick.label);
      label.style.left = pct(tick.date);
      axis.appendChild(label);
    });
    var stackAt = {};
    var hidden = {};
    visible.forEach(function (ev) {
      var level = stackAt[ev.date] = (stackAt[ev.date] || 0) + 1;
      if (level > MAX_STACK) { hidden[ev.date] = (hidden[ev.date] || 0) + 1; return; }
      var dot = el("button", { "class": "dot", type: "button", "data-id": ev.id,
        "aria-label": ev.display_date + ": " + ev.headline, title: ev.display_date + ": " + ev.headline });
      dot.style.left = pct(ev.date);
      dot.style.bottom = (0.15 + 0.8 * (level - 1)) + "rem";
      dot.style.background = ev.color;
      dot.addEventListener("click", function () { focusEvent(ev.id); });
      axis.appendChild(dot);
    });
    Object.keys(hidden).forEach(function (day) {
      var more = el("span", { "class": "more" }, "+" + hidden[day]);
      more.style.left = pct(day);
      more.style.bottom = (0.15 + 0.8 * MAX_STACK) + "rem";
      axis.appendChild(more);
    });
  }

  function focusEvent(id) {
    var item = document.getElementById("ev-" + id);
    if (!item) { return; }
    item.scrollIntoView({ block: "center" });
    item.classList.add("flash");
    window.setTimeout(function () { item.classList.remove("flash"); }, 1500);
  }

  function sourcesBlock(ev) {
    var p = el("p", { "class": "sources" });
    p.appendChild(document.createTextNode(t("page.sources") + ": "));
    ev.sources.forEach(function (src, i) {
      if (i > 0) { p.appendChild(document.createTextNode(", ")); }
      var url = safeUrl(src.url);
      if (url) {
        var a = el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, src.outlet || url);
        p.appendChild(a);
      } else {
        p.appendChild(document.createTextNode(src.outlet || src.url || ""));
      }
    });
    return p;
  }

  function mentionsBlock(ev) {
    var details = el("details");
    details.appendChild(el("summary", null, t("page.mentions", { n: ev.mentions.length })));
    var list = el("ul");
    ev.mentions.forEach(function (m) {
      var li = el("li");
      li.appendChild(el("q", null, m.sentence));
      var from = el("div", { "class": "from" });
      var url = safeUrl(m.url);
      var label = [m.outlet, m.language, m.published].filter(Boolean).join(" · ");
      if (url) { from.appendChild(el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, label)); }
      else { from.textContent = label; }
      li.appendChild(from);
      list.appendChild(li);
    });
    details.appendChild(list);
    return details;
  }

  function eventItem(ev) {
    var li = el("li", { "class": "event" + (ev.is_key ? " key" : ""), id: "ev-" + ev.id, "data-id": ev.id,
      "data-type": ev.type });
    li.style.borderLeftColor = ev.color;
    li.appendChild(el("div", { "class": "date" }, ev.display_date));
    li.appendChild(el("h2", null, ev.headline));
    var meta = el("p", { "class": "meta" });
    meta.appendChild(el("span", { "class": "badge" }, ev.type_label)).style.background = ev.color;
    var who = ev.actors.join(", ") + (ev.targets.length ? " → " + ev.targets.join(", ") : "");
    var reported = ev.n_sources === 1 ? t("page.reported_by_one") : t("page.reported_by", { n: ev.n_sources });
    meta.appendChild(document.createTextNode(who + (who ? " · " : "") + reported));
    li.appendChild(meta);
    if (ev.title && ev.title !== ev.headline) { li.appendChild(el("p", { "class": "title" }, ev.title)); }
    if (ev.has_conflict) { li.appendChild(el("p", { "class": "conflict" }, t("page.date_conflict"))); }
    if (ev.sources.length) { li.appendChild(sourcesBlock(ev)); }
    if (ev.mentions.length) { li.appendChild(mentionsBlock(ev)); }
    return li;
  }

  var list = document.getElementById("events");
  var items = events.map(function (ev) {
    var item = eventItem(ev);
    list.appendChild(item);
    return item;
  });

  function render() {
    var f = currentFilters();
    var visible = [];
    events.forEach(function (ev, i) {
      var show = matches(ev, f);
      items[i].hidden = !show;
      if (show) { visible.push(ev); }
    });
    document.getElementById("count").textContent = t("page.showing", { n: visible.length, total: events.length });
    document.getElementById("empty").hidden = visible.length > 0;
    buildAxis(visible);
    document.body.setAttribute("data-visible", String(visible.length));
  }

  ["actor", "type", "language", "key"].forEach(function (k) { controls[k].addEventListener("change", render); });
  controls.text.addEventListener("input", render);
  document.getElementById("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  render();
  document.body.setAttribute("data-ready", "1");
})();
