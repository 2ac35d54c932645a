// The verifier page: reads a pasted or dropped credential or presentation (JSON, or a JWT),
// asks this server to verify it (POST credentials/verify or presentations/verify), and shows
// the issuer, the achievement, its skills with their frameworks, validity, status and every
// problem in words. Plain script, no build step, nothing loaded from anywhere else; every
// value from the document is written as text (never as HTML).
"use strict";

(function () {
  const V2 = "https://www.w3.org/ns/credentials/v2";
  const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
  const $ = (id) => document.getElementById(id);

  // -- reading the input ---------------------------------------------------------------------

  function base64url(text) {
    let s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    const binary = atob(s);
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  }

  function typesOf(value) {
    if (!value || typeof value !== "object") return [];
    const t = value.type;
    return Array.isArray(t) ? t : t === undefined ? [] : [t];
  }

  // A compact JWT (or SD-JWT): the enveloped form the server verifies, and its claims to show.
  function fromToken(text) {
    const [jws, ...disclosures] = text.split("~");
    if (!JWT.test(jws)) return null;
    let payload;
    try {
      payload = JSON.parse(base64url(jws.split(".")[1]));
    } catch (e) {
      throw new Error("This looks like a JWT, but its payload is not JSON.");
    }
    const legacy = payload.vc || payload.vp; // VC-JWT 1.1 (Open Badges 3.0)
    const shown = legacy || payload;
    const presentation = Boolean(payload.vp) || typesOf(shown).includes("VerifiablePresentation");
    const kind = presentation ? "vp" : "vc";
    const media = legacy
      ? "application/jwt"
      : disclosures.length
        ? `application/${kind}+sd-jwt`
        : `application/${kind}+jwt`;
    const envelope = {
      "@context": [V2],
      id: `data:${media},${text}`,
      type: presentation ? "EnvelopedVerifiablePresentation" : "EnvelopedVerifiableCredential",
    };
    return { document: envelope, shown, presentation };
  }

  function readInput(raw) {
    const text = raw.trim();
    if (!text) throw new Error("Paste or drop a credential or presentation first.");
    if (!text.startsWith("{")) {
      const token = fromToken(text.replace(/\s+/g, ""));
      if (token) return token;
      throw new Error("This is neither JSON nor a JWT.");
    }
    let document;
    try {
      document = JSON.parse(text);
    } catch (e) {
      throw new Error(`This is not valid JSON: ${e.message}`);
    }
    // A VC-API answer ({"verifiableCredential": ...}) holds the credential.
    if (!("type" in document) && document.verifiableCredential) {
      document = document.verifiableCredential;
    } else if (!("type" in document) && document.verifiablePresentation) {
      document = document.verifiablePresentation;
    }
    const types = typesOf(document);
    const presentation = types.includes("VerifiablePresentation") ||
      types.includes("EnvelopedVerifiablePresentation");
    let shown = document;
    const id = typeof document.id === "string" ? document.id : "";
    if (types.some((t) => t.startsWith("Enveloped")) && id.startsWith("data:")) {
      const token = fromToken(id.slice(id.indexOf(",") + 1));
      if (token) shown = token.shown;
    }
    return { document, shown, presentation };
  }

  // -- asking the server ---------------------------------------------------------------------

  async function verify(input) {
    const path = input.presentation ? "presentations/verify" : "credentials/verify";
    const member = input.presentation ? "verifiablePresentation" : "verifiableCredential";
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const token = $("token").value.trim();
    if (token) headers.Authorization = `Bearer ${token}`;
    const body = { [member]: input.document };
    // A presentation is checked against the challenge (and domain) its proof answers: a
    // challenge of this server's is used up by it, as by any other request.
    const proof = first(input.document.proof);
    if (input.presentation && proof && typeof proof.challenge === "string") {
      body.options = { challenge: proof.challenge };
      if (typeof proof.domain === "string") body.options.domain = proof.domain;
    }
    const response = await fetch(path, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      credentials: "omit",
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch (e) {
      answer = { detail: `The server answered ${response.status} without a JSON body.` };
    }
    return { status: response.status, answer };
  }

  // -- showing the result --------------------------------------------------------------------

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value !== undefined && value !== null) node.setAttribute(name, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function text(value) {
    if (value === undefined || value === null) return "";
    if (typeof value === "string") return value;
    if (typeof value === "object") {
      // A language map or a value object: its first text.
      if ("@value" in value) return text(value["@value"]);
      const first = Object.values(value)[0];
      return typeof first === "string" ? first : JSON.stringify(value);
    }
    return String(value);
  }

  function first(value) {
    return Array.isArray(value) ? value[0] : value;
  }

  function issuerOf(credential) {
    const issuer = credential.issuer;
    if (!issuer) return "(none)";
    if (typeof issuer === "string") return issuer;
    return issuer.name ? `${text(issuer.name)} (${issuer.id || "no id"})` : text(issuer.id);
  }

  function formatDate(value) {
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) return String(value);
    return date.toLocaleString("en", { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }) +
      " UTC";
  }

  function validity(credential) {
    const from = credential.validFrom || credential.issuanceDate;
    const until = credential.validUntil || credential.expirationDate;
    const now = Date.now();
    let state = ["valid now", "ok"];
    if (until && new Date(until).getTime() < now) state = ["expired", "bad"];
    if (from && new Date(from).getTime() > now) state = ["not yet valid", "bad"];
    return el(
      "span",
      {},
      from ? `from ${formatDate(from)}` : "no start date",
      until ? `, until ${formatDate(until)}` : ", no end date",
      " ",
      el("span", { class: `tag ${state[1]}` }, state[0]),
    );
  }

  // The skills: the alignments of the achievement and of its result descriptions.
  function skillsOf(subject) {
    const rows = [];
    const achievement = subject && subject.achievement;
    const alignments = [];
    if (achievement) {
      alignments.push(...[].concat(achievement.alignment || []));
      for (const description of [].concat(achievement.resultDescription || [])) {
        alignments.push(...[].concat(description.alignment || []));
      }
    }
    for (const alignment of alignments) {
      if (!alignment || typeof alignment !== "object") continue;
      rows.push([
        text(alignment.targetName) || text(alignment.targetCode) || text(alignment.targetUrl),
        text(alignment.targetFramework) || "—",
        text(alignment.targetCode) || "—",
        text(alignment.targetUrl),
      ]);
    }
    return rows;
  }

  const STATUS_WORDS = {
    CREDENTIAL_REVOKED: ["revoked", "bad"],
    CREDENTIAL_SUSPENDED: ["suspended", "bad"],
  };

  function statusOf(credential, answer, problems) {
    if (!credential.credentialStatus) return el("span", {}, "no status list entry");
    for (const problem of problems) {
      const words = STATUS_WORDS[problem.code];
      if (words) return el("span", { class: `tag ${words[1]}` }, words[0]);
      if (String(problem.code).startsWith("STATUS_")) {
        return el("span", { class: "tag warn" }, `could not be checked: ${problem.detail}`);
      }
    }
    if ((answer.checks || []).includes("status")) {
      return el("span", { class: "tag ok" }, "not revoked or suspended");
    }
    return el("span", { class: "tag warn" }, "not checked");
  }

  function problemList(items, heading) {
    if (!items.length) return null;
    return el(
      "div",
      { class: "problems" },
      el("h3", {}, heading),
      el(
        "ul",
        { class: "problems" },
        ...items.map((p) =>
          el(
            "li",
            {},
            el("strong", {}, p.title || p.code || "Problem"),
            p.detail ? `: ${p.detail}` : "",
            p.pointer ? " " : "",
            p.pointer ? el("code", {}, p.pointer) : null,
          ),
        ),
      ),
    );
  }

  function card(credential, answer, problems, verified) {
    const subject = first(credential.credentialSubject) || {};
    const achievement = subject.achievement;
    const title = text(credential.name) || (achievement && text(achievement.name)) ||
      typesOf(credential).filter((t) => t !== "VerifiableCredential").join(", ") ||
      "Credential";
    const rows = [
      ["Issuer", issuerOf(credential)],
      ["Subject", text(subject.name) || text(subject.id) || "(not named)"],
    ];
    if (achievement) {
      rows.push(["Achievement", [text(achievement.name), text(achievement.description)]
        .filter(Boolean).join(" — ")]);
      if (achievement.criteria && achievement.criteria.narrative) {
        rows.push(["Criteria", text(achievement.criteria.narrative)]);
      }
    }
    rows.push(["Validity", validity(credential)]);
    rows.push(["Status", statusOf(credential, answer, problems)]);
    const skills = skillsOf(subject);
    return el(
      "article",
      { class: "card" },
      el(
        "h2",
        {},
        title,
        " ",
        verified === undefined ? null : el(
          "span",
          { class: `tag ${verified ? "ok" : "bad"}` },
          verified ? "verified" : "not verified",
        ),
      ),
      el("dl", {}, ...rows.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)])),
      el("h3", {}, "Skills"),
      skills.length
        ? el(
          "table",
          { class: "skills" },
          el("thead", {}, el("tr", {}, el("th", {}, "Skill"), el("th", {}, "Framework"),
            el("th", {}, "Code"))),
          el("tbody", {}, ...skills.map(([name, framework, code, url]) =>
            el("tr", {}, el("td", { title: url || null }, name), el("td", {}, framework),
              el("td", {}, code)))),
        )
        : el("p", { class: "muted" }, "No skills are aligned to this achievement."),
    );
  }

  function show(input, status, answer) {
    const result = $("result");
    result.replaceChildren();
    result.hidden = false;
    if (status === 401 || status === 403) {
      $("auth").open = true;
      result.append(
        el("div", { class: "verdict bad" }, "This server needs an access token to verify"),
        problemList([{ title: answer.title, detail: answer.detail }], "Why"),
      );
      return;
    }
    const verified = status === 200 && answer.verified === true;
    const problems = Array.isArray(answer.errors) ? answer.errors : [];
    if (!verified && !problems.length && answer.detail) {
      problems.push({ title: answer.title, detail: answer.detail, code: answer.code });
    }
    result.append(el(
      "div",
      { class: `verdict ${verified ? "ok" : "bad"}`, id: "verdict" },
      verified ? "✓ Verified" : "✗ Not verified",
    ));
    if (!verified) {
      result.append(el("p", { class: "muted" },
        "What follows is what the document says, which its problems (below) leave unconfirmed."));
    }
    const shown = input.shown || {};
    if (input.presentation) {
      const nested = [].concat(shown.verifiableCredential || []);
      const results = answer.credentialResults || [];
      result.append(el(
        "p",
        { class: "muted" },
        `A presentation by ${text(shown.holder && (shown.holder.id || shown.holder)) ||
          "an unnamed holder"} holding ${nested.length} credential(s).`,
      ));
      nested.forEach((credential, i) => {
        const inner = credential && credential.id && String(credential.id).startsWith("data:")
          ? (fromToken(String(credential.id).slice(String(credential.id).indexOf(",") + 1)) ||
            {}).shown || credential
          : credential;
        const own = problems.filter((p) =>
          String(p.pointer || "").startsWith(`/verifiablePresentation/verifiableCredential/${i}`)
        );
        const ok = results[i] ? results[i].verified : undefined;
        result.append(card(inner || {}, answer, own, ok));
      });
    } else {
      result.append(card(shown, answer, problems));
    }
    result.append(problemList(problems, "Problems") || "");
    result.append(problemList(Array.isArray(answer.warnings) ? answer.warnings : [], "Warnings") ||
      "");
  }

  function fail(message) {
    const result = $("result");
    result.replaceChildren(
      el("div", { class: "verdict bad", id: "verdict" }, "✗ Not verified"),
      problemList([{ title: "Cannot read the input", detail: message }], "Problems"),
    );
    result.hidden = false;
  }

  // -- wiring --------------------------------------------------------------------------------

  async function submit(event) {
    event.preventDefault();
    let input;
    try {
      input = readInput($("input").value);
    } catch (e) {
      fail(e.message);
      return;
    }
    const button = $("verify");
    button.disabled = true;
    try {
      const { status, answer } = await verify(input);
      show(input, status, answer);
    } catch (e) {
      fail(`The server could not be reached: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  function load(file) {
    if (!file) return;
    file.text().then((content) => {
      $("input").value = content;
      $("form").requestSubmit();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("form").addEventListener("submit", submit);
    $("file").addEventListener("change", (e) => load(e.target.files[0]));
    const drop = $("drop");
    for (const target of [drop, $("input")]) {
      target.addEventListener("dragover", (e) => {
        e.preventDefault();
        drop.classList.add("over");
      });
      target.addEventListener("dragleave", () => drop.classList.remove("over"));
      target.addEventListener("drop", (e) => {
        e.preventDefault();
        drop.classList.remove("over");
        const file = e.dataTransfer.files[0];
        const dropped = file ? "" : e.dataTransfer.getData("text/plain");
        if (file) load(file);
        else if (dropped) $("input").value = dropped;
      });
    }
  });
})();
