// The demo page: sends the article (plain text, or a page's HTML source)
// to POST /v1/quotes and shows the answer once: the article with each
// quotation highlighted, and beside it the list of quotations, each linked
// to its highlight, filtered by type, act and speaker, ready to copy with
// its attribution or to download as JSON or CSV.
//
// Offsets are requested in UTF-16 code units, the unit JavaScript strings
// are indexed in, so text.slice(start, end) is exactly the quoted words even
// after an emoji.  Speech is always asked for, positions (beliefs, plans,
// votes, stances) while their box is ticked.
//
// The page's other task, checking a draft's quotations against sources, is
// check.js's; this file switches the form between the two tasks and shares
// its helpers with it through window.quotesDemo.
"use strict";

(function () {
  const byId = (id) => document.getElementById(id);
  const form = byId("article-form");
  const textarea = byId("article");
  const articleLabel = byId("article-label");
  const button = byId("submit");
  const status = byId("status");
  const results = byId("results");
  const rendered = byId("rendered");
  const list = byId("quote-list");
  const shownCount = byId("shown-count");
  const speakerRows = document.querySelector("#speakers tbody");
  const positions = byId("positions");
  const filters = { type: byId("filter-type"), act: byId("filter-act"), speaker: byId("filter-speaker") };
  const PALETTE_SIZE = 6;
  // The box's label for each task and input mode.
  const LABELS = {
    find: { text: "Article text", html: "The page's HTML source" },
    check: { text: "Draft text", html: "The draft page's HTML source" },
  };
  const SUBMIT_LABELS = { find: "Find quotations", check: "Check quotations" };
  // The speaker filter's value for quotations nobody was found to have said.
  const NO_SPEAKER = "none";
  const CSV_COLUMNS = [
    "id", "type", "act", "text", "speaker", "kind", "role", "affiliation",
    "verb", "confidence", "start", "end",
  ];

  // What the page shows: the last answer and the text its offsets index.
  let shown = null;

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  function mode() {
    return form.elements.mode.value;
  }

  // "find" the article's quotations, or "check" a draft's against sources.
  function task() {
    return form.elements.task.value;
  }

  // "Odile Fenwick, mayor, Port Ellery": the speaker as a byline names them.
  function attribution(quote) {
    const s = quote.speaker;
    if (!s) return "speaker unknown";
    return [s.name, s.role, s.affiliation].filter(Boolean).join(", ");
  }

  // The text copied for one quotation: a direct one in quotation marks, the
  // others marked as not verbatim, each with its attribution.
  function copyText(quote) {
    if (quote.type === "direct") {
      return "“" + quote.text + "” — " + attribution(quote);
    }
    const what = quote.type + " quotation" + (quote.act === "position" ? ", a position" : "");
    return quote.text + " — " + attribution(quote) + " (" + what + ", not verbatim)";
  }

  // The one tooltip of a highlight.
  function describe(quote) {
    const s = quote.speaker;
    const lines = [s ? s.name + " (" + s.kind + ")" : "Unknown speaker"];
    if (s && s.role) lines.push("Role: " + s.role);
    if (s && s.affiliation) lines.push("Affiliation: " + s.affiliation);
    if (quote.verb) lines.push("Verb: " + quote.verb.text);
    lines.push("Act: " + quote.act);
    lines.push("Type: " + quote.type + " · confidence " + quote.confidence.toFixed(2));
    return lines.join("\n");
  }

  function colourClass(quote, colours) {
    return quote.speaker ? "speaker-" + colours.get(quote.speaker.id) : "speaker-none";
  }

  // The text with each quotation wrapped in a <mark>; overlapping
  // quotations (rare) keep the first one, and the others are only listed.
  function renderArticle(text, quotes, colours) {
    const ordered = quotes.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    const parts = [];
    let at = 0;
    for (const quote of ordered) {
      if (quote.start < at) continue;
      parts.push(document.createTextNode(text.slice(at, quote.start)));
      const s = quote.speaker;
      const mark = el("mark", {
        id: "mark-" + quote.id,
        className: "quote quote-" + quote.type + " act-" + quote.act + " " + colourClass(quote, colours),
        tabIndex: 0,
      }, [text.slice(quote.start, quote.end)]);
      mark.setAttribute("aria-describedby", "item-" + quote.id);
      Object.assign(mark.dataset, {
        quoteId: quote.id,
        type: quote.type,
        act: quote.act,
        speaker: s ? s.name : "",
        kind: s ? s.kind : "",
        role: s && s.role ? s.role : "",
        affiliation: s && s.affiliation ? s.affiliation : "",
        verb: quote.verb ? quote.verb.text : "",
        tip: describe(quote),
      });
      parts.push(mark);
      at = quote.end;
    }
    parts.push(document.createTextNode(text.slice(at)));
    rendered.replaceChildren(...parts);
  }

  function quoteItem(quote, colours) {
    const s = quote.speaker;
    const swatch = el("span", { className: "swatch " + colourClass(quote, colours) });
    swatch.setAttribute("aria-hidden", "true");
    const who = [el("strong", {}, [s ? s.name : "Speaker unknown"])];
    if (s) who.push(" (" + s.kind + ")");
    const details = [];
    if (s && s.role) details.push(el("span", { className: "role" }, ["Role: " + s.role]));
    if (s && s.affiliation) details.push(el("span", { className: "affiliation" }, ["Affiliation: " + s.affiliation]));
    details.push(el("span", { className: "verb" }, ["Verb: " + (quote.verb ? quote.verb.text : "—")]));
    details.push(el("span", { className: "confidence" }, ["Confidence " + quote.confidence.toFixed(2)]));
    const copy = el("button", { type: "button", className: "copy secondary", textContent: "Copy" });
    copy.setAttribute("aria-label", "Copy quotation " + quote.id + " with its attribution");
    const item = el("li", { id: "item-" + quote.id, className: "quote-item", tabIndex: 0 }, [
      el("p", { className: "badges" }, [
        el("span", { className: "badge quote-" + quote.type }, [quote.type]),
        el("span", { className: "badge act-" + quote.act }, [quote.act]),
      ]),
      el("p", { className: "quoted" }, [quote.text]),
      el("p", { className: "who" }, [swatch, ...who]),
      el("p", { className: "details" }, details),
      copy,
    ]);
    Object.assign(item.dataset, {
      quoteId: quote.id,
      type: quote.type,
      act: quote.act,
      speakerId: s ? s.id : NO_SPEAKER,
      copyText: copyText(quote),
    });
    return item;
  }

  function renderList(quotes, colours) {
    const items = quotes.map((quote) => quoteItem(quote, colours));
    list.replaceChildren(...items);
  }

  function renderSpeakerFilter(speakers, quotes) {
    const options = [el("option", { value: "" }, ["All speakers"])];
    for (const s of speakers) {
      options.push(el("option", { value: s.id }, [s.name]));
    }
    if (quotes.some((q) => !q.speaker)) {
      options.push(el("option", { value: NO_SPEAKER }, ["Speaker unknown"]));
    }
    filters.speaker.replaceChildren(...options);
  }

  function renderSpeakers(speakers, colours) {
    const rows = speakers.map((s) => {
      const swatch = el("span", { className: "swatch speaker-" + colours.get(s.id) });
      swatch.setAttribute("aria-hidden", "true");
      const row = el("tr", {}, [
        el("td", {}, [swatch, s.name]),
        el("td", {}, [s.kind]),
        el("td", {}, [s.role || "—"]),
        el("td", {}, [s.affiliation || "—"]),
        el("td", { className: "num" }, [String(s.quote_ids.length)]),
      ]);
      row.dataset.speakerId = s.id;
      return row;
    });
    if (rows.length === 0) {
      rows.push(el("tr", {}, [el("td", { colSpan: 5, className: "empty" }, ["No speakers found."])]));
    }
    speakerRows.replaceChildren(...rows);
  }

  function matches(quote) {
    const speakerId = quote.speaker ? quote.speaker.id : NO_SPEAKER;
    return (!filters.type.value || quote.type === filters.type.value) &&
      (!filters.act.value || quote.act === filters.act.value) &&
      (!filters.speaker.value || speakerId === filters.speaker.value);
  }

  // The quotations the filters let through, in the order of the answer.
  function visibleQuotes() {
    return shown ? shown.body.quotes.filter(matches) : [];
  }

  function applyFilters() {
    const all = shown.body.quotes;
    const visible = new Set(visibleQuotes().map((q) => q.id));
    for (const quote of all) {
      byId("item-" + quote.id).hidden = !visible.has(quote.id);
      const mark = byId("mark-" + quote.id);
      if (mark) mark.classList.toggle("filtered-out", !visible.has(quote.id));
    }
    if (all.length === 0) {
      shownCount.textContent = "No quotations found in this article.";
    } else if (visible.size === all.length) {
      shownCount.textContent = all.length + (all.length === 1 ? " quotation." : " quotations.");
    } else {
      shownCount.textContent = "Showing " + visible.size + " of " + all.length + " quotations." +
        (visible.size === 0 ? " No quotation matches these filters." : "");
    }
  }

  function setCurrent(id) {
    for (const node of document.querySelectorAll(".current")) {
      node.classList.remove("current");
    }
    for (const node of [byId("mark-" + id), byId("item-" + id)]) {
      if (node) node.classList.add("current");
    }
  }

  // From the list to the text, and back.
  function goToMark(id) {
    const mark = byId("mark-" + id);
    if (!mark) return;
    setCurrent(id);
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }

  function goToItem(id) {
    const item = byId("item-" + id);
    if (!item) return;
    if (item.hidden) {
      for (const select of Object.values(filters)) select.value = "";
      applyFilters();
    }
    setCurrent(id);
    item.scrollIntoView({ block: "nearest" });
    item.focus({ preventScroll: true });
  }

  // A field for a CSV file: always quoted, quotes doubled (RFC 4180).
  function csvField(value) {
    return '"' + String(value === null || value === undefined ? "" : value).replace(/"/g, '""') + '"';
  }

  function toCsv(quotes) {
    const rows = [CSV_COLUMNS].concat(quotes.map((q) => {
      const s = q.speaker || {};
      return [q.id, q.type, q.act, q.text, s.name, s.kind, s.role, s.affiliation,
        q.verb ? q.verb.text : "", q.confidence, q.start, q.end];
    }));
    // The byte order mark tells spreadsheet programs the file is UTF-8.
    return "\ufeff" + rows.map((row) => row.map(csvField).join(",")).join("\r\n") + "\r\n";
  }

  // The answer, as the API gave it, with only the quotations shown.
  function toJson(quotes) {
    const ids = new Set(quotes.map((q) => q.id));
    const speakers = shown.body.speakers.filter((s) => s.quote_ids.some((id) => ids.has(id)));
    const answer = { text: shown.text, quotes: quotes, speakers: speakers, meta: shown.body.meta };
    return JSON.stringify(answer, null, 2) + "\n";
  }

  function download(name, type, content) {
    const url = URL.createObjectURL(new Blob([content], { type: type }));
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function copyToClipboard(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {
      // No clipboard API (an insecure origin) or no permission: the older way.
      const area = el("textarea", { value: text, className: "offscreen" });
      document.body.append(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      return done;
    }
  }

  async function copyQuote(item, copyButton) {
    const done = await copyToClipboard(item.dataset.copyText);
    copyButton.textContent = done ? "Copied" : "Copy failed";
    status.className = done ? "" : "error";
    status.textContent = done
      ? "Copied quotation " + item.dataset.quoteId + " with its attribution."
      : "The browser did not let the page copy; select the quotation and copy it by hand.";
    setTimeout(() => { copyButton.textContent = "Copy"; }, 1500);
  }

  function problemMessage(response, body) {
    if (!body || !body.detail) return response.statusText + " (HTTP " + response.status + ")";
    let message = body.detail;
    if (body.errors) {
      message += " " + Object.entries(body.errors)
        .map(([field, texts]) => (field === "$" ? "" : field + ": ") + texts.join(" "))
        .join("; ");
    }
    return message + " (HTTP " + response.status + ")";
  }

  // POST a JSON request to the service; the answer's body, or an Error
  // whose message says what went wrong (the problem's detail, or that the
  // service could not be reached).
  async function postJson(path, request) {
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(request),
      });
    } catch (error) {
      throw new Error("the service could not be reached (" + error.message + ")");
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(problemMessage(response, body));
    return body;
  }

  async function findQuotes(source, value) {
    const acts = positions.checked ? ["speech", "position"] : ["speech"];
    const request = { options: { offsets: "utf16", acts: acts } };
    request[source] = value;
    return postJson("/v1/quotes", request);
  }

  function show(text, body) {
    shown = { text: text, body: body };
    const colours = new Map(body.speakers.map((s, i) => [s.id, i % PALETTE_SIZE]));
    renderArticle(text, body.quotes, colours);
    renderList(body.quotes, colours);
    renderSpeakerFilter(body.speakers, body.quotes);
    renderSpeakers(body.speakers, colours);
    for (const select of Object.values(filters)) select.value = "";
    applyFilters();
    form.hidden = true;
    results.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (task() !== "find") return;
    const source = mode();
    const value = textarea.value;
    if (value.trim() === "") {
      status.className = "error";
      status.textContent = source === "html"
        ? "Paste a page's HTML source first: the box is empty."
        : "Paste an article first: the box is empty.";
      document.body.dataset.state = "empty";
      textarea.focus();
      return;
    }
    button.disabled = true;
    status.className = "";
    status.textContent = "Working…";
    document.body.dataset.state = "working";
    try {
      const body = await findQuotes(source, value);
      show(source === "html" ? body.text : value, body);
      const q = body.quotes.length;
      const n = body.speakers.length;
      status.textContent = q + (q === 1 ? " quotation, " : " quotations, ") +
        n + (n === 1 ? " speaker" : " speakers") + " in " + Math.round(body.meta.elapsed_ms) + " ms";
      document.body.dataset.state = "done";
    } catch (error) {
      status.className = "error";
      status.textContent = "Could not find quotations: " + error.message;
      document.body.dataset.state = "error";
    } finally {
      button.disabled = false;
    }
  });

  // The form as the chosen task and input mode want it; also run on load,
  // since a browser may restore the radio buttons of a reloaded page.
  function syncForm() {
    articleLabel.textContent = LABELS[task()][mode()];
    button.textContent = SUBMIT_LABELS[task()];
    byId("sources").hidden = task() !== "check";
  }

  form.addEventListener("change", (event) => {
    if (event.target.name === "mode" || event.target.name === "task") syncForm();
  });
  syncForm();

  byId("edit").addEventListener("click", () => {
    results.hidden = true;
    form.hidden = false;
    status.className = "";
    status.textContent = "";
    textarea.focus();
  });

  byId("export-json").addEventListener("click", () => {
    download("quotations.json", "application/json", toJson(visibleQuotes()));
  });

  byId("export-csv").addEventListener("click", () => {
    download("quotations.csv", "text/csv;charset=utf-8", toCsv(visibleQuotes()));
  });

  for (const select of Object.values(filters)) {
    select.addEventListener("change", applyFilters);
  }

  list.addEventListener("click", (event) => {
    const item = event.target.closest("li.quote-item");
    if (!item) return;
    const copyButton = event.target.closest("button.copy");
    if (copyButton) {
      copyQuote(item, copyButton);
    } else {
      goToMark(item.dataset.quoteId);
    }
  });

  list.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("li.quote-item")) {
      event.preventDefault();
      goToMark(event.target.dataset.quoteId);
    }
  });

  rendered.addEventListener("click", (event) => {
    const mark = event.target.closest("mark.quote");
    if (mark) goToItem(mark.dataset.quoteId);
  });

  rendered.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("mark.quote")) {
      event.preventDefault();
      goToItem(event.target.dataset.quoteId);
    }
  });

  window.quotesDemo = { el: el, problemMessage: problemMessage, postJson: postJson, task: task, mode: mode };

  fetch("/version").then((r) => r.json()).then((v) => {
    byId("version").textContent =
      "service " + v.version + " · lexicons " + v.lexicon_version.slice(0, 12);
  }).catch(() => {});
})();
