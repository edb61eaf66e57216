// archiver serve: the little JavaScript the pages use (served as a file: the CSP allows no inline script).
// 1. Selects and checkboxes marked data-autosubmit submit their form on change.
// 2. The timeline: fetch /api/timeline, draw bars as SVG, drag across it to set the date range.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const COLORS = ["#1f5fbf", "#e07b22", "#2a9d58", "#c0392b", "#7d4cc2", "#8c6d46", "#d35ca8",
                  "#6b7280", "#a8a820", "#17a2b8", "#b0b6c2"];
  const W = 800, H = 150, PAD_L = 40, PAD_B = 20, PAD_T = 8;

  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  const fig = document.getElementById("timeline");
  if (!fig) return;

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function go(since, until) {
    const url = new URL(fig.dataset.base, window.location.href);
    url.searchParams.set("since", since);
    url.searchParams.set("until", until);
    url.searchParams.delete("page");
    window.location.assign(url.pathname + url.search);
  }

  function draw(data) {
    const n = data.periods.length;
    if (n === 0) {
      fig.appendChild(el("svg", {viewBox: "0 0 " + W + " 30", role: "img", "aria-label": "no dated matches"}))
        .appendChild(el("text", {x: PAD_L, y: 20, fill: "#5d6677", "font-size": 12}, "No dated matches"));
      fig.dataset.ready = "1";
      return;
    }
    const totals = data.periods.map(function (_, i) {
      return data.series.reduce(function (s, row) { return s + row.counts[i]; }, 0);
    });
    const max = Math.max(1, Math.max.apply(null, totals));
    const plotW = W - PAD_L, plotH = H - PAD_B - PAD_T, bw = plotW / n;
    const svg = el("svg", {viewBox: "0 0 " + W + " " + H, role: "img", id: "timeline-chart",
                           "aria-label": "matches by " + data.by});
    svg.appendChild(el("text", {x: PAD_L - 4, y: PAD_T + 8, "text-anchor": "end", "font-size": 10, fill: "#5d6677"},
                       max.toLocaleString()));
    svg.appendChild(el("text", {x: PAD_L - 4, y: H - PAD_B, "text-anchor": "end", "font-size": 10, fill: "#5d6677"}, "0"));
    svg.appendChild(el("line", {x1: PAD_L, y1: H - PAD_B, x2: W, y2: H - PAD_B, stroke: "#b8bfcc"}));
    const bars = el("g", {});
    data.periods.forEach(function (label, i) {
      let y = H - PAD_B;
      data.series.forEach(function (row, s) {
        const c = row.counts[i];
        if (!c) return;
        const h = c / max * plotH;
        y -= h;
        const r = el("rect", {x: PAD_L + i * bw, y: y, width: Math.max(bw - (bw > 3 ? 1 : 0), 0.5), height: h,
                              fill: COLORS[s % COLORS.length], "class": "bar", "data-index": i});
        r.appendChild(el("title", {}, label + (data.series.length > 1 ? " · " + row.label : "") + ": " +
                         c.toLocaleString()));
        bars.appendChild(r);
      });
    });
    svg.appendChild(bars);
    const ticks = Math.min(n, 6);
    for (let t = 0; t < ticks; t++) {
      const i = Math.round(t * (n - 1) / Math.max(ticks - 1, 1));
      svg.appendChild(el("text", {x: PAD_L + i * bw + bw / 2, y: H - 5, "text-anchor": "middle", "font-size": 10,
                                  fill: "#5d6677"}, data.periods[i]));
    }
    const brush = el("rect", {x: 0, y: PAD_T, width: 0, height: plotH, fill: "#1f5fbf", "fill-opacity": 0.15,
                              stroke: "#1f5fbf", id: "brush", visibility: "hidden"});
    svg.appendChild(brush);
    fig.appendChild(svg);

    if (data.series.length > 1) {
      const legend = document.createElement("div");
      legend.className = "legend";
      data.series.forEach(function (row, s) {
        const item = document.createElement("span");
        const sw = el("svg", {width: 10, height: 10, "class": "swatch"});
        sw.appendChild(el("rect", {width: 10, height: 10, fill: COLORS[s % COLORS.length]}));
        item.appendChild(sw);
        item.appendChild(document.createTextNode(row.label + " (" +
          row.counts.reduce(function (a, b) { return a + b; }, 0).toLocaleString() + ")"));
        legend.appendChild(item);
      });
      fig.appendChild(legend);
    }
    if (data.undated) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = data.undated.toLocaleString() + " undated match" + (data.undated === 1 ? "" : "es") +
        " not shown";
      fig.appendChild(p);
    }

    function indexAt(evt) {
      const box = svg.getBoundingClientRect();
      const x = (evt.clientX - box.left) / box.width * W;
      return Math.min(n - 1, Math.max(0, Math.floor((x - PAD_L) / bw)));
    }
    let start = null;
    function show(a, b) {
      const lo = Math.min(a, b), hi = Math.max(a, b);
      brush.setAttribute("x", PAD_L + lo * bw);
      brush.setAttribute("width", (hi - lo + 1) * bw);
      brush.setAttribute("visibility", "visible");
    }
    svg.addEventListener("pointerdown", function (evt) {
      start = indexAt(evt);
      show(start, start);
      svg.setPointerCapture(evt.pointerId);
      evt.preventDefault();
    });
    svg.addEventListener("pointermove", function (evt) { if (start !== null) show(start, indexAt(evt)); });
    svg.addEventListener("pointerup", function (evt) {
      if (start === null) return;
      const end = indexAt(evt), lo = Math.min(start, end), hi = Math.max(start, end);
      start = null;
      go(data.ranges[lo][0], data.ranges[hi][1]);
    });
    fig.dataset.ready = "1";
  }

  fetch(fig.dataset.src, {headers: {Accept: "application/json"}})
    .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
    .then(function (res) {
      if (!res.ok) throw new Error(res.body.error || "timeline unavailable");
      draw(res.body);
    })
    .catch(function (err) {
      const p = document.createElement("p");
      p.className = "note";
      p.textContent = "Timeline: " + err.message;
      fig.appendChild(p);
      fig.dataset.ready = "error";
    });
})();
