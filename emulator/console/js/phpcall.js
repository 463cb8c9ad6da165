// Runs a form's onClick/onChange code. Symcon runs it as PHP on the server with $id and every
// named field as variables (docs/symcon-kernel.md §10.1). Most forms only call module or kernel
// functions ("SM_CreateAll($id);", "IPS_RequestAction($id, 'Open', $Open);"): those statements are
// parsed here and sent as JSON-RPC calls. Anything else goes to IPS_RunScriptTextWait when the
// server has a PHP engine, and otherwise fails with a message that names the code.

function tokenize(code) {
  const tokens = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "/" && code[i + 1] === "/") { while (i < code.length && code[i] !== "\n") i++; continue; }
    let m;
    const rest = code.slice(i);
    if ((m = /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) { tokens.push({ t: "var", v: m[0].slice(1) }); i += m[0].length; continue; }
    if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) { tokens.push({ t: "name", v: m[0] }); i += m[0].length; continue; }
    if ((m = /^-?\d+(\.\d+)?([eE][-+]?\d+)?/.exec(rest))) { tokens.push({ t: "lit", v: Number(m[0]) }); i += m[0].length; continue; }
    if (c === "'" || c === '"') {
      let j = i + 1, s = "";
      while (j < code.length && code[j] !== c) {
        if (code[j] === "\\" && j + 1 < code.length) {
          const n = code[j + 1];
          if (c === "'") s += n === "'" || n === "\\" ? n : "\\" + n;
          else s += { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", $: "$" }[n] ?? "\\" + n;
          j += 2;
          continue;
        }
        if (c === '"' && code[j] === "$") return null;  // interpolation needs PHP
        s += code[j++];
      }
      if (j >= code.length) return null;
      tokens.push({ t: "lit", v: s });
      i = j + 1;
      continue;
    }
    if ("(),;".includes(c)) { tokens.push({ t: c }); i++; continue; }
    return null;
  }
  return tokens;
}

// [{echo, fn, args:[{kind:"var",name}|{kind:"lit",value}]}] or null when the code is more than
// plain calls.
export function parseCalls(code) {
  const tokens = tokenize(code || "");
  if (!tokens) return null;
  const statements = [];
  let i = 0;
  const constants = { true: true, false: false, null: null, TRUE: true, FALSE: false, NULL: null };
  while (i < tokens.length) {
    if (tokens[i].t === ";") { i++; continue; }
    let echo = false;
    if (tokens[i].t === "name" && (tokens[i].v === "echo" || tokens[i].v === "print")) { echo = true; i++; }
    if (!tokens[i] || tokens[i].t !== "name" || !tokens[i + 1] || tokens[i + 1].t !== "(") return null;
    const fn = tokens[i].v;
    i += 2;
    const args = [];
    while (tokens[i] && tokens[i].t !== ")") {
      const tok = tokens[i];
      if (tok.t === "var") args.push({ kind: "var", name: tok.v });
      else if (tok.t === "lit") args.push({ kind: "lit", value: tok.v });
      else if (tok.t === "name" && tok.v in constants) args.push({ kind: "lit", value: constants[tok.v] });
      else return null;
      i++;
      if (tokens[i] && tokens[i].t === ",") i++;
      else if (!tokens[i] || tokens[i].t !== ")") return null;
    }
    if (!tokens[i]) return null;
    i++;
    if (tokens[i] && tokens[i].t !== ";") return null;
    statements.push({ echo, fn, args });
  }
  return statements;
}

function phpLiteral(value) {
  return `json_decode(${"'" + JSON.stringify(value ?? null).replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'"}, true)`;
}

// Runs the code; resolves with the echoed text ("" when nothing was echoed). Rejects with the
// kernel's error (RpcError) or an Error naming code the console cannot run.
export async function runFormCode(rpc, code, instanceId, fields) {
  const statements = parseCalls(code);
  if (statements) {
    let output = "";
    for (const s of statements) {
      const params = s.args.map((a) => {
        if (a.kind === "lit") return a.value;
        if (a.name === "id") return instanceId;
        if (!(a.name in fields)) throw new Error(`onClick uses $${a.name}, which is no field of this form`);
        return fields[a.name];
      });
      const result = await rpc.call(s.fn, ...params);
      if (s.echo) output += typeof result === "string" ? result : JSON.stringify(result);
    }
    return output;
  }
  let prelude = `$id = ${Number(instanceId)};\n`;
  for (const [name, value] of Object.entries(fields))
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) prelude += `$${name} = ${phpLiteral(value)};\n`;
  try {
    const out = await rpc.call("IPS_RunScriptTextWait", prelude + code);
    return out === null || out === undefined ? "" : String(out);
  } catch (e) {
    if (e.code === "offline") throw e;
    throw new Error(`This code needs PHP, which the console cannot run itself (${e.message}): ${code}`);
  }
}
