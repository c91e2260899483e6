/* Quiz widget (generator/quizzes): check, retry, solution, points, pools, exams, progress, FSRS-6 review, print.
   Saved state and scheduling: docs/architecture.md, "The quiz widget". */
(() => {
  "use strict";
  const P = "kbq:", DAY = 864e5, $$ = (r, s) => [...r.querySelectorAll(s)];
  const W = [0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
    0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542], E = Math.exp, F = 0.9 ** (-1 / W[20]) - 1;
  const cd = x => Math.min(Math.max(x, 1), 10), cs = x => Math.max(x, 0.001), d0 = g => W[4] - E(W[5] * (g - 1)) + 1;
  function fsrs(m, g, t) {  // memory after rating g (1 again, 3 good) t whole days after the last review
    if (!m) return [cs(W[g - 1]), cd(d0(g))];
    let [s, d] = m;
    if (t < 1) { const k = E(W[17] * (g - 3 + W[18])) * s ** -W[19]; s *= g > 1 ? Math.max(k, 1) : k; }
    else {
      const r = (1 + F * t / s) ** -W[20];
      s = g === 1 ? Math.min(W[11] * d ** -W[12] * ((s + 1) ** W[13] - 1) * E((1 - r) * W[14]), s / E(W[17] * W[18]))
        : s * (1 + E(W[8]) * (11 - d) * s ** -W[9] * (E((1 - r) * W[10]) - 1));
    }
    return [cs(s), cd(W[7] * d0(4) + (1 - W[7]) * (d - W[6] * (g - 3) * (10 - d) / 9))];
  }
  const memory = o => o && (o.m || (o.b ? [[1, 2, 4, 8, 16][o.b - 1] || 1, d0(o.s >= 1 ? 3 : 1)] : null));
  const MONTHS = "January February March April May June July August September October November December".split(" ");
  const longDate = ms => { const x = new Date(ms); return `${x.getDate()} ${MONTHS[x.getMonth()]} ${x.getFullYear()}`; };
  const get = k => { try { return JSON.parse(localStorage.getItem(P + k)); } catch (e) { return null; } };
  const put = (k, v) => { try { localStorage.setItem(P + k, JSON.stringify(v)); } catch (e) { /* full or blocked */ } };
  const del = k => { try { localStorage.removeItem(P + k); } catch (e) { /* blocked */ } };
  const r1 = x => Math.round(x * 10) / 10;
  const pts = Q => Q.d.pt || 1;
  const mk = (tag, text) => { const e = document.createElement(tag); if (text) e.textContent = text; return e; };

  const reader = () => {
    let id = get("reader");
    if (!id) { id = [...crypto.getRandomValues(new Uint32Array(2))].map(n => n.toString(36)).join(""); put("reader", id); }
    return id;
  };
  const rng = s => {  // FNV-1a seed, mulberry32 stream
    let h = 2166136261;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
    return () => {
      h = h + 0x6D2B79F5 | 0;
      let t = Math.imul(h ^ h >>> 15, 1 | h);
      t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t;
      return ((t ^ t >>> 14) >>> 0) / 4294967296;
    };
  };
  const shuffle = (a, r) => {
    for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; }
    return a;
  };
  const saved = (id, v) => { const s = get("q:" + id); if (s && s.v !== v) { del("q:" + id); return null; } return s; };
  const wipe = () => {
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const k = localStorage.key(i);
        if (k.startsWith(P) && k !== P + "reader") localStorage.removeItem(k);
      }
    } catch (e) { /* blocked */ }
  };

  // The JSON is a one-element array: Material's instant navigation re-runs inline scripts (dropping type and class).
  const data = root => JSON.parse(root.querySelector("script").textContent)[0];
  const items = Q => $$(Q.el, ".kbq-ord li");
  const boxes = Q => $$(Q.el, ".kbq-opts input");
  const field = Q => Q.el.querySelector(".kbq-in input");

  function answer(Q) {
    const t = Q.d.t;
    if (t === "single" || t === "multiple") return boxes(Q).filter(i => i.checked).map(i => +i.value);
    if (t === "ordering") return items(Q).map(li => +li.dataset.i);
    return field(Q).value;
  }
  function grade(d, a) {
    if (d.t === "ordering") return a.every((v, i) => v === i) ? 1 : 0;
    if (d.t === "numeric") {
      const s = a.replace(/\s/g, "").replace(",", "."), x = Number(s);
      if (!s || !isFinite(x)) return -1;
      return Math.abs(x - d.a) <= (d.rel ? d.tol * Math.abs(d.a) : d.tol) * (1 + 1e-9) + 1e-12 ? 1 : 0;
    }
    if (d.t === "text") { const s = a.toLowerCase().replace(/\s+/g, ""); return s ? (d.ans.includes(s) ? 1 : 0) : -1; }
    if (!a.length) return -1;
    const hit = a.filter(i => d.c.includes(i)).length, miss = a.length - hit;
    if (d.p) return Math.max(0, (hit - miss) / d.c.length);
    return hit === d.c.length && !miss ? 1 : 0;
  }
  function fill(Q, a) {
    const t = Q.d.t;
    if (t === "single" || t === "multiple") boxes(Q).forEach(i => { i.checked = a.includes(+i.value); });
    else if (t === "ordering") { const ol = Q.el.querySelector(".kbq-ord"), li = items(Q); a.forEach(i => ol.append(li.find(l => +l.dataset.i === i))); }
    else field(Q).value = a;
  }
  function clear(Q) {
    Q.fb.textContent = "";
    Q.el.classList.remove("kbq-good", "kbq-bad");
    $$(Q.el, ".kbq-o").forEach(l => l.classList.remove("kbq-good", "kbq-bad"));
    if (Q.exp) Q.exp.hidden = true;
    Q.sol.hidden = true; Q.sol.open = false; Q.rb.hidden = true;
  }
  function show(Q, a, s) {  // verdict, option feedback and explanation into the status element
    clear(Q);
    const d = Q.d, ok = s >= 1, p = pts(Q);
    Q.fb.append(mk("strong", ok ? "Correct!" : s > 0 ? "Partly right:" : "Not quite."), ` ${r1(s * p)} of ${p} point${p === 1 ? "" : "s"}.`);
    Q.el.classList.add(ok ? "kbq-good" : "kbq-bad");
    if (d.c) boxes(Q).forEach(i => {
      if (!a.includes(+i.value)) return;
      const l = i.closest("label"), f = l.querySelector(".kbq-ofb");
      l.classList.add(d.c.includes(+i.value) ? "kbq-good" : "kbq-bad");
      if (f) { const p = mk("p", `“${l.querySelector(".kbq-ot").textContent}”: `); p.append(...f.cloneNode(true).childNodes); Q.fb.append(p); }
    });
    const missed = d.t === "multiple" && !ok ? boxes(Q).filter(i => !i.checked && d.c.includes(+i.value)) : [];
    if (missed.length) Q.fb.append(mk("p", "Also correct: " + missed.map(i => `“${i.closest("label").querySelector(".kbq-ot").textContent}”`).join(", ") + "."));
    const g = Q.el.querySelector(ok ? ".kbq-fy" : ".kbq-fn");
    if (g) { const c = g.cloneNode(true); c.hidden = false; Q.fb.append(c); }
    if (Q.exp) Q.exp.hidden = false;
    Q.rb.hidden = false;
  }
  function reveal(Q) {
    const d = Q.d;
    clear(Q);
    if (d.c) { fill(Q, d.c); $$(Q.el, ".kbq-o").forEach(l => d.c.includes(+l.querySelector("input").value) && l.classList.add("kbq-good")); }
    if (d.t === "ordering") fill(Q, [...Array(d.n).keys()]);
    if (d.t === "numeric") fill(Q, String(d.a));
    Q.fb.textContent = "The solution is shown below.";
    Q.sol.hidden = false; Q.sol.open = true; Q.rb.hidden = false;
  }
  function record(Q, a, s, r) {  // save the answer; a review (a new, due or wrong answer) updates the schedule
    const now = Date.now(), old = saved(Q.d.id, Q.d.v), ok = s >= 1 && !r;
    if (ok && old && old.s >= 1 && old.d > now) return put("q:" + Q.d.id, { ...old, a });
    const m = fsrs(memory(old), ok ? 3 : 1, old ? Math.floor((now - old.t) / DAY) : 0);
    put("q:" + Q.d.id, { v: Q.d.v, a, s, t: now, m, d: ok ? now + Math.min(Math.max(Math.round(m[0]), 1), 36500) * DAY : now, r });
  }

  function block(root) {
    root.dataset.on = "1";
    const D = data(root), seed = reader(), review = D.kind === "review", exam = D.mode === "exam";
    $$(root, ".kbq-js").forEach(e => { e.hidden = false; });
    const Qs = D.q.map(d => {
      const el = document.getElementById("kbq-" + d.id), sol = el.querySelector(".kbq-sol");
      const Q = { d, el, sol, fb: el.querySelector(".kbq-fb"), exp: sol.querySelector(".kbq-exp"), rb: el.querySelector('[data-a="retry"]') };
      if (Q.exp) Q.fb.after(Q.exp);
      const r = rng(seed + d.id);
      if (d.sh) { const o = el.querySelector(".kbq-opts"); shuffle($$(o, "label"), r).forEach(l => o.append(l)); }
      if (d.t === "ordering") {
        let o = shuffle([...Array(d.n).keys()], r);
        if (o.every((v, i) => v === i)) o = o.slice(1).concat(o[0]);
        fill(Q, o);
      }
      if (d.t === "na") el.querySelector(".kbq-act").hidden = true;
      clear(Q);
      return Q;
    }).filter(Q => Q.d.t !== "na");
    const byEl = new Map(Qs.map(Q => [Q.el, Q])), score = root.querySelector(".kbq-score"), tm = root.querySelector(".kbq-timer");
    const shown = () => Qs.filter(Q => !Q.el.hidden);
    // The attempt: n (it seeds a pool's draw), t (an exam's start), a (an exam's answers so far), s (its scores once submitted).
    let ex = get("try:" + D.id) || { n: 0 }, timer = 0;
    const mine = Q => exam ? ex.s && Q.d.id in ex.s && { s: ex.s[Q.d.id] } : (!review || Q.now) && saved(Q.d.id, Q.d.v);
    const total = () => {
      let sum = 0, max = 0, done = 0;
      shown().forEach(Q => { const s = mine(Q); max += pts(Q); if (s) { sum += s.s * pts(Q); done++; } });
      if (exam) root.querySelector("[data-a=submit]").hidden = !!ex.s;
      score.textContent = exam && !ex.s ? "Answer the questions, then submit them."
        : `Score: ${r1(sum)} of ${r1(max)} point${max === 1 ? "" : "s"} (${done} answered)`;
      const best = get("best:" + D.id), share = b => b == null ? -1 : b.m ? b.s / b.m : b / shown().length;
      if (!review && done && (!exam || ex.s) && sum / max > share(best)) put("best:" + D.id, { s: r1(sum), m: r1(max) });
    };
    const draw = () => {  // a pool shows D.pool of its questions, drawn per reader and attempt
      if (!D.pool) return;
      const pick = shuffle(Qs.slice(), rng(seed + D.id + ex.n)).slice(0, D.pool);
      let i = 0;
      $$(root, ".kbq-q").forEach(el => { el.hidden = !pick.some(Q => Q.el === el); const n = el.querySelector(".kbq-n"); if (n && !el.hidden) n.textContent = ++i + "."; });
    };
    const keep = () => { if (exam && !ex.s) { ex.a = Object.fromEntries(shown().map(Q => [Q.d.id, answer(Q)])); put("try:" + D.id, ex); } };
    const tick = () => {
      if (!root.isConnected) { clearInterval(timer); return; }  // left by instant navigation
      ex = get("try:" + D.id) || ex;
      if (ex.s) { clearInterval(timer); return; }
      const left = Math.max(0, Math.ceil((ex.t + D.lim * 1e3 - Date.now()) / 1e3));
      tm.textContent = `Time left: ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
      if (!left) submit(1);
    };
    const start = () => {
      root.classList.toggle("kbq-wait", !!D.lim && !ex.t);
      if (D.lim && ex.t && !ex.s) { tick(); timer = timer || setInterval(tick, 1e3); }
    };
    const submit = late => {
      const left = shown().filter(Q => grade(Q.d, answer(Q)) < 0).length;
      if (left && !late && !confirm(`${left} question${left > 1 ? "s are" : " is"} not answered yet. Submit anyway?`)) return;
      clearInterval(timer); timer = 0;
      keep(); ex.s = {};
      shown().forEach(Q => {  // answered questions also go to Review; unanswered ones score nothing
        const a = answer(Q), s = grade(Q.d, a);
        if (s >= 0) { record(Q, a, s, 0); ex.s[Q.d.id] = s; }
        settle(Q, a, s);
      });
      put("try:" + D.id, ex);
      if (tm) tm.textContent = late ? "Time is up: your answers were submitted." : "";
      total();
    };
    const settle = (Q, a, s) => {
      if (s < 0) { clear(Q); Q.fb.textContent = "Not answered: 0 points."; } else show(Q, a, s);
      Q.el.disabled = true; Q.sol.hidden = false;
    };
    draw();
    if (exam) $$(root, ".kbq-act").forEach(e => { e.hidden = true; });
    if (review) plan(root, Qs);
    else if (exam) shown().forEach(Q => {
      const a = ex.a && ex.a[Q.d.id];
      if (a != null) fill(Q, a);
      if (ex.s) settle(Q, a, Q.d.id in ex.s ? ex.s[Q.d.id] : -1);
    });
    else Qs.forEach(Q => {
      const s = saved(Q.d.id, Q.d.v);
      if (s && s.r) reveal(Q); else if (s) { fill(Q, s.a); show(Q, s.a, s.s); }
    });
    if (exam) { start(); root.addEventListener("change", keep); }
    const check = Q => {
      const a = answer(Q), s = grade(Q.d, a);
      if (s < 0) { clear(Q); Q.fb.textContent = Q.d.t === "numeric" ? "Enter a number, for example 0.01." : "Choose or enter an answer first."; return; }
      record(Q, a, s, 0); show(Q, a, s); Q.now = 1; total();
    };
    root.addEventListener("click", e => {
      const b = e.target.closest("button[data-a]"), Q = b && byEl.get(b.closest(".kbq-q")), act = b && b.dataset.a;
      if (!b) return;
      if (act === "key") {  // print with the solutions open, then put the page back as it was
        const sols = $$(root, ".kbq-sol").map(s => [s, s.hidden, s.open]);
        sols.forEach(([s]) => { s.hidden = false; s.open = true; });
        root.classList.add("kbq-key");
        addEventListener("afterprint", () => { root.classList.remove("kbq-key"); sols.forEach(([s, h, o]) => { s.hidden = h; s.open = o; }); }, { once: true });
        print();
      } else if (act === "reset") {
        if (!confirm("Forget your saved answers here?")) return;
        if (review) { wipe(); location.reload(); return; }
        Qs.forEach(Q => { if (!exam) del("q:" + Q.d.id); clear(Q); Q.el.disabled = false; fill(Q, Q.d.t === "text" || Q.d.t === "numeric" ? "" : []); });
        clearInterval(timer); timer = 0; ex = { n: ex.n + 1 }; put("try:" + D.id, ex); draw();
        if (exam) { if (tm) tm.textContent = ""; start(); } else del("best:" + D.id);
        total();
      } else if (act === "start") { ex.t = Date.now(); put("try:" + D.id, ex); start(); (root.querySelector(".kbq-q:not([hidden]) input") || b).focus();
      } else if (act === "submit") { submit(0);
      } else if (!Q) return;
      else if (act === "check") check(Q);
      else if (act === "show") { const s = saved(Q.d.id, Q.d.v); if (!s || s.s < 1) record(Q, null, 0, 1); reveal(Q); Q.now = 1; total(); }
      else if (act === "retry") { clear(Q); if (Q.d.t !== "ordering") fill(Q, Q.d.c ? [] : ""); (Q.el.querySelector("input") || b).focus(); }
      else {
        const li = b.closest("li"), to = act === "up" ? li.previousElementSibling : li.nextElementSibling;
        const end = act === "up" ? "top" : "bottom";
        if (!to) { Q.fb.textContent = `Already at the ${end}.`; return; }
        act === "up" ? to.before(li) : to.after(li);
        b.focus(); keep();
        const at = items(Q).indexOf(li) + 1;
        Q.fb.textContent = `Moved to position ${at} of ${Q.d.n}${at === 1 || at === Q.d.n ? `, the ${end}` : ""}.`;
      }
    });
    root.addEventListener("keydown", e => {
      if (e.key === "Enter" && !exam && e.target.matches(".kbq-in input")) { e.preventDefault(); check(byEl.get(e.target.closest(".kbq-q"))); }
    });
    total();
  }

  function plan(root, Qs) {  // review: show up to 10 due questions, most overdue first
    const now = Date.now(), st = new Map(Qs.map(Q => [Q, saved(Q.d.id, Q.d.v)])), seen = Qs.filter(Q => st.get(Q));
    const due = seen.filter(Q => st.get(Q).d <= now).sort((a, b) => st.get(a).d - st.get(b).d || memory(st.get(a))[0] - memory(st.get(b))[0]).slice(0, 10);
    $$(root, ".kbq-q").forEach(el => { el.hidden = !due.some(Q => Q.el === el); });
    const next = Math.min(...seen.map(Q => st.get(Q).d)), msg = root.querySelector(".kbq-rv");
    msg.textContent = due.length ? `${due.length} question${due.length > 1 ? "s are" : " is"} due for review.`
      : seen.length ? `Nothing is due for review. The next question comes back on ${longDate(next)}.`
        : "Nothing to review yet: answer some quiz questions first.";
  }

  function progress(root) {
    root.dataset.on = "1";
    const D = data(root);
    let all = 0, done = 0;
    $$(root, ".kbq-js").forEach(e => { e.hidden = false; });
    D.quizzes.forEach(z => {
      const row = root.querySelector(`tr[data-quiz="${z.id}"]`), best = get("best:" + z.id);
      let wrong = 0;
      row.querySelector(".kbq-best").textContent = best == null ? "—" : best.m == null ? `${best} of ${z.q.length}` : `${best.s} of ${best.m}`;
      z.q.forEach(([id, v]) => {
        const s = saved(id, v), li = row.querySelector(`li[data-q="${id}"]`);
        li.hidden = !(s && s.s < 1);
        wrong += !li.hidden; done += !!s; all++;
      });
      row.querySelector(".kbq-none").hidden = wrong > 0;
    });
    root.querySelector(".kbq-score").textContent = `You have answered ${done} of ${all} questions.`;
    root.querySelector('[data-a="reset-all"]').addEventListener("click", () => {
      if (confirm("Forget all your saved answers and scores?")) { wipe(); location.reload(); }
    });
  }

  const safe = f => el => { try { f(el); } catch (e) { console.error("quiz widget:", e); } };  // one bad block spares the rest
  const init = () => {
    $$(document, ".kbq:not([data-on])").forEach(safe(block));
    $$(document, ".kbq-progress:not([data-on])").forEach(safe(progress));
  };
  if (window.kbqInit) return window.kbqInit();  // loaded again by instant navigation: one subscription is enough
  window.kbqInit = init;
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
