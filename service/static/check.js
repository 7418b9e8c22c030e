// The demo page's quote check: the draft in the page's box (plain text, or
// a page's HTML source) and the sources in their own boxes go to
// POST /v1/quotes/verify; the answer is shown as the draft with each
// quotation highlighted by its check (verbatim, altered, not found, not
// checked), and beside it the list of quotations, each with the source
// passage it matched, its similarity, its word-level differences and any
// speaker the source names instead.
//
// Offsets are asked for in UTF-16 code units, the unit JavaScript strings
// are indexed in, so both the draft's and the sources' offsets slice the
// strings the page holds.  app.js owns the form and shares its helpers.
"use strict";

(function () {
  const { el, postJson, task, mode } = window.quotesDemo;
  const byId = (id) => document.getElementById(id);
  const form = byId("article-form");
  const textarea = byId("article");
  const button = byId("submit");
  const status = byId("status");
  const sourceList = byId("source-list");
  const addButton = byId("add-source");
  const results = byId("check-results");
  const rendered = byId("check-rendered");
  const list = byId("check-list");
  const summary = byId("check-summary");

  // Each status's words and icon: the icon, the label and the highlight's
  // underline say it as well as the colour does.
  const STATUSES = {
    verbatim: { icon: "✓", label: "verbatim", says: "The quoted words are in the source." },
    altered: { icon: "≠", label: "altered", says: "A source is close, but its words differ." },
    not_found: { icon: "✗", label: "not found", says: "No source has these words." },
    not_checked: { icon: "○", label: "not checked", says: "Reported speech: the wording is the writer's own." },
  };
  const OPS = {
    replace: { icon: "⇄", label: "replaced" },
    delete: { icon: "−", label: "left out" },
    insert: { icon: "+", label: "added" },
  };
  // Shown where one side of an edit has no words.
  const GAP = "‸";

  // The draft, the sources sent with it and the answer being shown.
  let shown = null;
  // Numbers the source boxes' element ids; never reused, so ids stay unique.
  let boxCount = 0;

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function sourceBoxes() {
    return Array.from(sourceList.querySelectorAll("li.source"));
  }

  // Each box's heading and button name say its place in the list, which
  // changes as boxes are removed.
  function renumber() {
    sourceBoxes().forEach((box, i) => {
      const n = i + 1;
      box.querySelector(".source-title").textContent = "Source " + n;
      box.querySelector("input").placeholder = "source " + n;
      box.querySelector("button.remove").setAttribute("aria-label", "Remove source " + n);
    });
  }

  // A new source box (a name and a text) at the end of the list, holding
  // `text`; returns its name field.
  function addSource(name, text) {
    boxCount += 1;
    const key = "source-" + boxCount;
    const nameInput = el("input", { type: "text", id: key + "-name", value: name, spellcheck: false });
    const textBox = el("textarea", { id: key + "-text", rows: 6, spellcheck: false, value: text });
    const remove = el("button", { type: "button", className: "remove secondary", textContent: "Remove" });
    const box = el("li", { className: "source", id: key }, [
      el("p", { className: "source-title" }),
      el("label", { htmlFor: key + "-name" }, ["Name"]),
      nameInput,
      el("label", { htmlFor: key + "-text" }, ["Text"]),
      textBox,
      remove,
    ]);
    sourceList.append(box);
    renumber();
    return nameInput;
  }

  function removeSource(box) {
    const boxes = sourceBoxes();
    const at = boxes.indexOf(box);
    box.remove();
    renumber();
    // Focus stays near: on the next box's remove button, else the add button.
    const next = sourceBoxes()[at] || sourceBoxes()[at - 1];
    (next ? next.querySelector("button.remove") : addButton).focus();
  }

  // The sources as the API takes them; a box left without a name is named
  // by its place ("source 2").
  function readSources() {
    return sourceBoxes().map((box, i) => ({
      id: box.querySelector("input").value.trim() || "source " + (i + 1),
      text: box.querySelector("textarea").value,
      box: box,
    }));
  }

  // Why the form cannot be sent yet, with the field to go to, or null.
  function formProblem(sources) {
    if (textarea.value.trim() === "") {
      return {
        message: mode() === "html"
          ? "Paste the draft page's HTML source first: the box is empty."
          : "Paste a draft first: the box is empty.",
        field: textarea,
      };
    }
    if (sources.length === 0) {
      return { message: "Add a source to check the quotations against: there is none.", field: addButton };
    }
    const empty = sources.find((s) => s.text.trim() === "");
    if (empty) {
      return {
        message: "Source " + (sources.indexOf(empty) + 1) + " (" + empty.id + ") is empty: paste its text or remove it.",
        field: empty.box.querySelector("textarea"),
      };
    }
    return null;
  }

  async function checkQuotes(draftField, draft, sources, acts) {
    const request = {
      sources: sources.map((s) => ({ id: s.id, text: s.text })),
      options: { offsets: "utf16", acts: acts },
    };
    request[draftField] = draft;
    return postJson("/v1/quotes/verify", request);
  }

  // `text[from:to]` as nodes, each span {start, end, tag, title} inside it
  // wrapped in its tag; an empty span becomes a gap mark.  Spans are
  // clipped to the range; one overlapping an earlier one is left out.
  function markedText(text, from, to, spans) {
    const nodes = [];
    let at = from;
    const ordered = spans.slice().sort((a, b) => a.start - b.start || a.end - b.end);
    for (const span of ordered) {
      const start = Math.max(span.start, from);
      const end = Math.min(span.end, to);
      if (start < at || start > to || end < start) continue;
      nodes.push(text.slice(at, start));
      if (end === start) {
        const gap = el("span", { className: "gap", title: span.title }, [GAP]);
        gap.setAttribute("aria-label", span.title);
        nodes.push(gap);
      } else {
        nodes.push(el(span.tag, { className: "diff", title: span.title }, [text.slice(start, end)]));
      }
      at = end;
    }
    nodes.push(text.slice(at, to));
    return nodes;
  }

  // The source's side of each difference (its words, or where the draft's
  // were added) and the draft's side.
  function sourceSpans(differences) {
    return differences.map((d) => ({
      start: d.source_start, end: d.source_end, tag: "del",
      title: d.op === "insert" ? "the draft adds “" + d.draft + "” here" : OPS[d.op].label + " in the draft",
    }));
  }

  function draftSpans(differences) {
    return differences.map((d) => ({
      start: d.draft_start, end: d.draft_end, tag: "ins",
      title: d.op === "delete" ? "“" + d.source + "” left out here" : OPS[d.op].label + " by the draft",
    }));
  }

  // An icon beside the words that say the same, so hidden from screen readers.
  function icon(symbol) {
    const node = el("span", { className: "icon" }, [symbol]);
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  // One difference in words: "replaced: the source says “June”, the draft “May”".
  function differenceItem(d) {
    const op = OPS[d.op];
    const parts = [el("span", { className: "op" }, [icon(op.icon), " " + op.label + ":"])];
    if (d.op === "replace") {
      parts.push(" the source says ", el("del", { className: "diff" }, [d.source]),
        ", the draft says ", el("ins", { className: "diff" }, [d.draft]));
    } else if (d.op === "delete") {
      parts.push(" the source's ", el("del", { className: "diff" }, [d.source]), " is not in the draft");
    } else {
      parts.push(" the draft's ", el("ins", { className: "diff" }, [d.draft]), " is not in the source");
    }
    const item = el("li", { className: "difference diff-" + d.op }, parts);
    item.dataset.op = d.op;
    return item;
  }

  function statusBadge(check) {
    const s = STATUSES[check.status];
    const badge = el("span", { className: "badge status check-" + check.status }, [icon(s.icon), " " + s.label]);
    badge.dataset.status = check.status;
    return badge;
  }

  // Where a check's source passage is: the match and every difference's
  // source side, which may reach past it.
  function passageRange(check) {
    let start = check.source_start;
    let end = check.source_end;
    for (const d of check.differences) {
      start = Math.min(start, d.source_start);
      end = Math.max(end, d.source_end);
    }
    return [start, end];
  }

  // What a check says beyond its status: the source and similarity, the
  // passage matched and the draft's words, each difference, the editor's
  // bracketed words and a speaker the source names instead.
  function checkDetails(check, quote) {
    const parts = [];
    if (check.source_index !== null) {
      const source = shown.sources[check.source_index];
      parts.push(el("p", { className: "where" }, [
        "In ", el("strong", {}, [check.source_id]),
        " (source " + (check.source_index + 1) + "), similarity ",
        el("span", { className: "similarity" }, [check.similarity.toFixed(2)]),
      ]));
      const [from, to] = passageRange(check);
      parts.push(el("p", { className: "passage-label" }, ["The source says"]));
      parts.push(el("blockquote", { className: "passage source-passage" },
        markedText(source.text, from, to, sourceSpans(check.differences))));
      if (check.differences.length > 0) {
        let start = quote.start;
        let end = quote.end;
        for (const d of check.differences) {
          start = Math.min(start, d.draft_start);
          end = Math.max(end, d.draft_end);
        }
        parts.push(el("p", { className: "passage-label" }, ["The draft says"]));
        parts.push(el("blockquote", { className: "passage draft-passage" },
          markedText(shown.text, start, end, draftSpans(check.differences))));
        parts.push(el("p", { className: "passage-label" }, [plural(check.differences.length, "difference", "differences")]));
        parts.push(el("ul", { className: "differences" }, check.differences.map(differenceItem)));
      }
    } else if (check.status === "not_found") {
      const closest = check.similarity ? " (the closest passage had similarity " + check.similarity.toFixed(2) + ")" : "";
      parts.push(el("p", { className: "where" }, ["No source has a passage close to these words" + closest + "."]));
    } else if (check.status === "not_checked") {
      parts.push(el("p", { className: "where" }, [STATUSES.not_checked.says]));
    }
    if (check.bracketed.length > 0) {
      parts.push(el("p", { className: "bracketed" }, [
        "The editor's words, not looked for: " + check.bracketed.map((b) => b.text).join(", "),
      ]));
    }
    if (check.speaker_mismatch) {
      const draftSpeaker = quote.speaker ? ", not " + quote.speaker.name : "";
      parts.push(el("p", { className: "mismatch" }, [
        icon("⚠"), " Speaker mismatch: the source gives these words to ",
        el("strong", {}, [check.speaker_mismatch.speaker]), draftSpeaker + ".",
      ]));
    }
    return parts;
  }

  // A mixed quotation's fragments, each with its own check.
  function fragmentList(fragments, quote) {
    const items = fragments.map((f) => el("li", { className: "fragment" }, [
      el("p", {}, [statusBadge(f), " ", el("span", { className: "quoted" }, ["“" + f.text + "”"])]),
      ...checkDetails(f, { start: f.start, end: f.end, speaker: quote.speaker }),
    ]));
    return [el("p", { className: "passage-label" }, ["Its quoted fragments"]), el("ul", { className: "fragments" }, items)];
  }

  function checkItem(quote) {
    const check = quote.check;
    const s = quote.speaker;
    const item = el("li", { id: "check-item-" + quote.id, className: "quote-item check-item", tabIndex: 0 }, [
      el("p", { className: "badges" }, [statusBadge(check), el("span", { className: "badge" }, [quote.type])]),
      el("p", { className: "quoted" }, [quote.text]),
      el("p", { className: "who" }, [el("strong", {}, [s ? s.name : "Speaker unknown"])]),
      // A mixed quotation's own fields repeat its worst fragment's.
      ...(check.fragments.length > 0 ? fragmentList(check.fragments, quote) : checkDetails(check, quote)),
    ]);
    Object.assign(item.dataset, { quoteId: quote.id, status: check.status });
    return item;
  }

  function tip(quote) {
    const check = quote.check;
    const lines = [STATUSES[check.status].label + ": " + STATUSES[check.status].says];
    if (check.source_id !== null) {
      lines.push("Source: " + check.source_id + " · similarity " + check.similarity.toFixed(2));
    }
    if (check.speaker_mismatch) lines.push("The source's speaker: " + check.speaker_mismatch.speaker);
    return lines.join("\n");
  }

  // The draft with each quotation in a <mark> of its status; overlapping
  // quotations (rare) keep the first, and the others are only listed.
  function renderDraft(text, quotes) {
    const ordered = quotes.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    const parts = [];
    let at = 0;
    for (const quote of ordered) {
      if (quote.start < at) continue;
      parts.push(text.slice(at, quote.start));
      const status = quote.check.status;
      const mark = el("mark", {
        id: "check-mark-" + quote.id,
        className: "quote check check-" + status,
        tabIndex: 0,
      }, [text.slice(quote.start, quote.end)]);
      mark.setAttribute("aria-describedby", "check-item-" + quote.id);
      Object.assign(mark.dataset, { quoteId: quote.id, status: status, icon: STATUSES[status].icon, tip: tip(quote) });
      parts.push(mark);
      at = quote.end;
    }
    parts.push(text.slice(at));
    rendered.replaceChildren(...parts);
  }

  // "5 quotations: 2 verbatim, 1 altered, 1 not found, 1 not checked".
  function countsLine(body) {
    const n = body.quotes.length;
    if (n === 0) return "No quotations found in this draft.";
    const counts = Object.keys(STATUSES).map((s) => body.meta.checks[s] + " " + STATUSES[s].label);
    return plural(n, "quotation", "quotations") + ": " + counts.join(", ") + ".";
  }

  function show(text, sources, body) {
    shown = { text: text, sources: sources, body: body };
    renderDraft(text, body.quotes);
    list.replaceChildren(...body.quotes.map(checkItem));
    summary.textContent = countsLine(body);
    form.hidden = true;
    byId("results").hidden = true;
    results.hidden = false;
  }

  function setCurrent(id) {
    for (const node of results.querySelectorAll(".current")) node.classList.remove("current");
    for (const node of [byId("check-mark-" + id), byId("check-item-" + id)]) {
      if (node) node.classList.add("current");
    }
  }

  // From the list to the draft and back, as the find task does.
  function goTo(prefix, id, block) {
    const node = byId(prefix + id);
    if (!node) return;
    setCurrent(id);
    node.scrollIntoView({ block: block });
    node.focus({ preventScroll: true });
  }

  function fail(message, state, field) {
    status.className = "error";
    status.textContent = message;
    document.body.dataset.state = state;
    if (field) field.focus();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (task() !== "check") return;
    const sources = readSources();
    const problem = formProblem(sources);
    if (problem) {
      fail(problem.message, "empty", problem.field);
      return;
    }
    const draftField = mode();
    const draft = textarea.value;
    const acts = byId("positions").checked ? ["speech", "position"] : ["speech"];
    button.disabled = true;
    status.className = "";
    status.textContent = "Checking…";
    document.body.dataset.state = "working";
    try {
      const body = await checkQuotes(draftField, draft, sources, acts);
      show(draftField === "html" ? body.text : draft, sources, body);
      status.textContent = "Checked " + plural(body.quotes.length, "quotation", "quotations") +
        " against " + plural(sources.length, "source", "sources") + " in " + Math.round(body.meta.elapsed_ms) + " ms";
      document.body.dataset.state = "done";
    } catch (error) {
      fail("Could not check the quotations: " + error.message, "error");
    } finally {
      button.disabled = false;
    }
  });

  addButton.addEventListener("click", () => addSource("", "").focus());

  sourceList.addEventListener("click", (event) => {
    const remove = event.target.closest("button.remove");
    if (remove) removeSource(remove.closest("li.source"));
  });

  byId("check-edit").addEventListener("click", () => {
    results.hidden = true;
    form.hidden = false;
    status.className = "";
    status.textContent = "";
    textarea.focus();
  });

  list.addEventListener("click", (event) => {
    const item = event.target.closest("li.check-item");
    if (item) goTo("check-mark-", item.dataset.quoteId, "center");
  });

  rendered.addEventListener("click", (event) => {
    const mark = event.target.closest("mark.check");
    if (mark) goTo("check-item-", mark.dataset.quoteId, "nearest");
  });

  for (const [container, selector, prefix, block] of [
    [list, "li.check-item", "check-mark-", "center"],
    [rendered, "mark.check", "check-item-", "nearest"],
  ]) {
    container.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.matches(selector)) {
        event.preventDefault();
        goTo(prefix, event.target.dataset.quoteId, block);
      }
    });
  }

  // The legend's samples take their icons from the same table as the highlights.
  for (const sample of byId("check-legend").querySelectorAll("mark[data-status]")) {
    sample.dataset.icon = STATUSES[sample.dataset.status].icon;
  }
  byId("check-legend").querySelector(".gap").textContent = GAP;

  // The sample source matches the sample article: some quotations verbatim,
  // some altered, one in no source.
  addSource("council-meeting", byId("sample-source").content.textContent);
})();
