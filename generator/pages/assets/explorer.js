/* Learning-rate explorer (generator/demos/explorer_block.py): the real runs of a demo over a learning-rate
   slider, and gradient descent with momentum on a quadratic computed exactly. State lives in the URL query:
   demo, rate, seed, optimizer or schedule, metric, step, momentum; hide= lists controls to hide. */
(() => {
  "use strict";
  const $ = (r, s) => r.querySelector(s), $$ = (r, s) => [...r.querySelectorAll(s)];
  const num = v => v == null ? "diverged"
    : v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : String(+v.toPrecision(3));
  const pct = v => v == null ? "diverged" : (100 * v).toFixed(1) + "%";
  const mean = a => a.length ? a.reduce((s, v) => s + v, 0) / a.length : null;
  const fin = a => a.filter(v => v != null && isFinite(v));
  const last = a => a.length ? a[a.length - 1] : null;

  function svgEl(tag, attrs, parent) {  // an SVG element with its attributes, appended to an SVG parent
    const e = document.createElementNS(parent.namespaceURI, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    parent.appendChild(e);
    return e;
  }
  function text(parent, x, y, s, anchor) {
    svgEl("text", {x, y, "text-anchor": anchor || "middle", class: "kbx-t"}, parent).textContent = s;
  }
  function say(out, parts) {  // the status line: strings, and [key, value] pairs shown in bold with data-k
    out.replaceChildren(...parts.map(p => {
      if (typeof p === "string") return p;
      const b = document.createElement("b");
      b.dataset.k = p[0];
      b.textContent = p[1];
      return b;
    }));
  }

  // The URL's query holds the state, so a link can open a view; replaceState keeps Material's history state.
  const query = () => new URLSearchParams(location.search);
  function save(pairs) {
    const q = query();
    for (const [k, v] of pairs) v === "" || v == null ? q.delete(k) : q.set(k, v);
    const s = q.toString();
    history.replaceState(history.state, "", location.pathname + (s ? "?" + s : "") + location.hash);
  }
  function hide(root) {
    const hidden = (query().get("hide") || "").split(",");
    $$(root, "[data-c]").forEach(c => { if (hidden.includes(c.dataset.c)) c.hidden = true; });
  }
  function show(root) {
    root.dataset.on = "1";
    $$(root, ".kbx-js").forEach(e => { e.hidden = false; });
    const table = $(root, ".kbx-tab");
    if (table) table.open = false;  // the table view stays one click away; without JavaScript it is open
    hide(root);
  }

  // -- the real runs ---------------------------------------------------------------------------------------
  function runs(root, d) {
    const ctl = c => $(root, `[data-c=${c}] input, [data-c=${c}] select`);
    const rate = ctl("rate"), seed = ctl("seed"), metric = ctl("metric"), group = d.group && ctl(d.group);
    const out = $(root, ".kbx-out"), svg = $(root, "svg"), rv = d.rates.map(Number);
    const q = query(), mine = q.get("demo") ? q.get("demo") === d.demo : root === $(document, ".kbx[data-kind=runs]");
    if (mine) {  // the link's state: the nearest rate on the log scale, a known seed and group
      const r = +q.get("rate");
      if (r > 0) rate.value = rv.reduce((b, v, i) => Math.abs(Math.log(v / r)) < Math.abs(Math.log(rv[b] / r)) ? i : b, 0);
      if (d.seeds.includes(q.get("seed"))) seed.value = q.get("seed");
      if (group && d.groups.includes(q.get(d.group))) group.value = q.get(d.group);
      if (q.get("metric") === "accuracy") metric.value = "accuracy";
    }
    const draw = write => {
      const i = +rate.value, k = d.rates[i], g = group ? group.value : d.groups[0], m = metric.value, s = seed.value;
      const at = j => d.curves[g][d.rates[j]], si = d.seeds.indexOf(s), keys = [m, "val_" + m];
      const near = [i - 1, i + 1].filter(j => j >= 0 && j < rv.length);
      rate.setAttribute("aria-valuetext", "learning rate " + k);
      $(root, "[data-c=rate] output").textContent = k;
      let top = 1;
      if (m === "loss") {  // up to the largest value shown, at most 4 times the largest first-epoch loss
        const shown = fin([i, ...near].flatMap(j => at(j).flatMap(c => keys.flatMap(key => c[key]))));
        const first = fin(d.rates.flatMap((_, j) => at(j).map(c => c.loss[0])));
        top = Math.min(Math.max(...shown, 1e-9), 4 * Math.max(...first, 1e-9));
      }
      const n = at(i)[0].loss.length, L = 34, T = 8, W = 276, H = 164;
      const X = e => L + (n > 1 ? e / (n - 1) : 0.5) * W, Y = v => T + H - Math.min(v, top) / top * H;
      const pts = a => a.map((v, e) => v == null ? "" : `${X(e).toFixed(2)},${Y(v).toFixed(2)}`).filter(Boolean).join(" ");
      svg.replaceChildren();
      Object.assign(svg.dataset, {top, box: [L, T, W, H].join(" "), epochs: n});
      svgEl("path", {d: `M${L} ${T}V${T + H}H${L + W}`, class: "kbx-axis"}, svg);
      text(svg, L - 4, T + 8, num(top), "end");
      text(svg, L - 4, T + H, "0", "end");
      text(svg, L, T + H + 14, "epoch 1", "start");
      text(svg, L + W, T + H + 14, "epoch " + n, "end");
      text(svg, L + 4, T + 10, m === "loss" ? "loss" : "accuracy", "start");
      for (const j of near) for (const key of keys) {  // the neighbours' means, greyed
        svgEl("polyline", {points: pts(meanCurve(at(j), key)), class: "kbx-near" + (key === m ? "" : " kbx-val"),
          "data-rate": d.rates[j]}, svg);
      }
      for (const key of keys) {  // the band between the seeds' lowest and highest values
        const lo = [], hi = [];
        for (let e = 0; e < n; e++) {
          const v = fin(at(i).map(c => c[key][e]));
          if (v.length) { lo.push(`${X(e).toFixed(2)},${Y(Math.min(...v)).toFixed(2)}`); hi.unshift(`${X(e).toFixed(2)},${Y(Math.max(...v)).toFixed(2)}`); }
        }
        svgEl("polygon", {points: lo.concat(hi).join(" "), class: "kbx-band" + (key === m ? "" : " kbx-val")}, svg);
      }
      at(i).forEach((c, j) => keys.forEach(key => svgEl("polyline", {points: pts(c[key]), "data-seed": d.seeds[j],
        "data-series": key, class: "kbx-line" + (key === m ? "" : " kbx-val") + (si < 0 ? "" : j === si ? " kbx-sel" : " kbx-dim")}, svg)));
      svg.setAttribute("aria-label", `${m} per epoch at learning rate ${k}: training and validation, ` +
        (si < 0 ? `${d.seeds.length} seeds` : `seed ${s}`));
      const chosen = si < 0 ? at(i) : [at(i)[si]], labels = d.labels[g][k], pick = si < 0 ? labels : [labels[si]];
      const final = key => { const v = chosen.map(c => last(c[key])); return v.includes(null) ? null : mean(v); };
      say(out, [`Learning rate ${k}` + (group ? ` (${d.groupTitles[d.groups.indexOf(g)]})` : "") + ", " +
        (si < 0 ? `mean of ${d.seeds.length} seeds` : `seed ${s}`) + ": ",
        ...(pick.some(Boolean) ? [["label", verdict(pick)], ". "] : []), "Final training loss ", ["loss", num(final("loss"))], ", validation loss ", ["val_loss", num(final("val_loss"))],
        ", validation accuracy ", ["val_accuracy", pct(final("val_accuracy"))], "."]);
      if (write) {
        const state = [["demo", d.demo], ["rate", k], ["seed", s], ["metric", m === "loss" ? "" : m],
          ["optimizer", ""], ["schedule", ""]];
        if (group) state.push([d.group, g]);
        save(state);
      }
    };
    [rate, seed, metric, group].forEach(c => c && c.addEventListener("input", () => draw(true)));
    draw(false);
    show(root);
  }
  function meanCurve(cs, key) {
    return cs[0][key].map((_, e) => { const v = cs.map(c => c[key][e]); return v.includes(null) ? null : mean(v); });
  }
  function verdict(labels) {  // one label, or how the seeds split
    const count = {};
    labels.forEach(l => { count[l || "no label"] = (count[l || "no label"] || 0) + 1; });
    const kinds = Object.keys(count);
    return kinds.length === 1 ? kinds[0] + (labels.length > 1 ? ` (all ${labels.length} seeds)` : "")
      : "mixed: " + kinds.map(l => `${count[l]} ${l}`).join(", ");
  }

  // -- the quadratic, exactly ----------------------------------------------------------------------------
  // The rate of convergence: the largest spectral radius of [[1 + β − ηλ, −β], [1, 0]] over the eigenvalues.
  const radius = (eta, b, eig) => Math.max(...eig.map(l => {
    const a = 1 + b - eta * l, D = a * a - 4 * b;
    return D >= 0 ? (Math.abs(a) + Math.sqrt(D)) / 2 : Math.sqrt(b);
  }));
  function quad(root) {
    const eig = root.dataset.eig.split(",").map(Number), lmin = eig[0], lmax = eig[eig.length - 1];
    const step = $(root, "[data-c=step] input"), mom = $(root, "[data-c=momentum] input"), out = $(root, ".kbx-out");
    const svg = $(root, "svg"), top = +step.max, q = query();
    let eta = +step.value;
    if (+q.get("step") > 0) eta = Math.min(+q.get("step"), top);  // exact, even between the slider's positions
    if (q.has("momentum")) mom.value = q.get("momentum");
    step.value = eta;
    const draw = write => {
      const b = +mom.value, rho = radius(eta, b, eig), gd = 2 / lmax, hb = (2 + 2 * b) / lmax;
      step.setAttribute("aria-valuetext", `η = ${num(eta)}, ${num(eta / gd)} × 2/λmax`);
      mom.setAttribute("aria-valuetext", "β = " + b);
      $(root, "[data-c=step] output").textContent = num(eta);
      $(root, "[data-c=momentum] output").textContent = String(b);
      const marks = {gd: [gd, "2/λmax = " + num(gd)], hb: [hb, "(2+2β)/λmax = " + num(hb)]};
      for (const [k, [v, label]] of Object.entries(marks)) {
        const mark = $(root, `[data-m=${k}]`);
        mark.style.left = (100 * v / top).toFixed(2) + "%";
        mark.textContent = label;
        mark.dataset.v = v;
        mark.hidden = k === "hb" && b === 0;  // the same place as 2/λmax
      }
      trajectory(svg, eta, b, lmin, lmax);
      const steps = rho < 1 && rho > 0 ? Math.ceil(Math.log(1e-3) / Math.log(rho)) : null;
      say(out, ["Step size η = ", ["eta", num(eta)], ", momentum β = ", ["beta", String(b)], ": the error shrinks by ",
        ["rate", rho.toFixed(3)], " per step, ", rho < 1 ? `so it converges (1000 times smaller after ${steps} steps). `
          : "so it diverges. ", "Limits: 2/λmax = ", ["gd", num(gd)], ", (2 + 2β)/λmax = ", ["hb", num(hb)], "."]);
      if (write) save([["step", +eta.toPrecision(6)], ["momentum", b || ""]]);
    };
    step.addEventListener("input", () => { eta = +step.value; draw(true); });
    mom.addEventListener("input", () => draw(true));
    $(root, "[data-c=best]").addEventListener("click", () => {
      eta = 2 / (lmin + lmax);
      mom.value = 0;
      step.value = eta;
      draw(true);
    });
    draw(false);
    show(root);
  }
  function trajectory(svg, eta, b, lmin, lmax) {  // heavy ball from (−1.6, 0.6) on f = ½(λmin x² + λmax y²)
    const S = 55, C = 120, P = ([x, y]) => `${(C + S * x).toFixed(2)},${(C - S * y).toFixed(2)}`;
    svg.replaceChildren();
    let p = [-1.6, 0.6], prev = p;
    const f0 = 0.5 * (lmin * p[0] ** 2 + lmax * p[1] ** 2);
    for (const c of [1, 0.3, 0.1, 0.03]) {
      svgEl("ellipse", {cx: C, cy: C, rx: S * Math.sqrt(2 * c * f0 / lmin), ry: S * Math.sqrt(2 * c * f0 / lmax),
        class: "kbx-contour"}, svg);
    }
    const path = [p];
    for (let k = 0; k < 60 && Math.abs(p[0]) + Math.abs(p[1]) < 50; k++) {
      const next = [p[0] - eta * lmin * p[0] + b * (p[0] - prev[0]), p[1] - eta * lmax * p[1] + b * (p[1] - prev[1])];
      prev = p;
      p = next;
      path.push(p);
    }
    Object.assign(svg.dataset, {scale: S, centre: C});
    svgEl("polyline", {points: path.map(P).join(" "), class: "kbx-line kbx-path"}, svg);
    svgEl("circle", {cx: C, cy: C, r: 3, class: "kbx-min"}, svg);
    svg.setAttribute("aria-label", `Trajectory of ${path.length - 1} steps on the contours of f`);
  }

  // -- start -----------------------------------------------------------------------------------------------
  function start(root) {
    if (root.dataset.kind === "quad") return quad(root);
    root.dataset.on = "0";  // taken: the data is on its way
    fetch(root.dataset.src).then(r => { if (!r.ok) throw new Error(r.status + " " + root.dataset.src); return r.json(); })
      .then(d => runs(root, d)).catch(e => console.error("explorer:", e));
  }
  const init = () => $$(document, ".kbx:not([data-on])").forEach(root => {
    try { start(root); } catch (e) { console.error("explorer:", e); }  // one bad block spares the rest
  });
  if (window.kbxInit) return window.kbxInit();  // loaded again by instant navigation: one subscription is enough
  window.kbxInit = init;
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
