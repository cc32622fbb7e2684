/**
 * A `python3 -c` script as the Job documentation's examples write them: imports, assignments,
 * `print(...)`, `time.sleep(n)`, `sys.exit(n)` and if/elif/else on the environment
 * (`int(os.environ.get("JOB_COMPLETION_INDEX")) % 2 == 0`). Only that small language is
 * interpreted, nothing is executed; a script with anything else is not understood
 * (undefined), and the caller falls back to "runs briefly and exits 0".
 */

export interface PythonRun {
  exitCode: number;
  durationMs: number;
  output: string[];
}

type Value = number | string | boolean | null;

/** Interpreter start-up, as a small container's python3 takes. */
const STARTUP_MS = 100;

class NotUnderstood extends Error {}
/** sys.exit(): unwinds the script with its exit code. */
class Exit extends Error {
  constructor(readonly code: number) {
    super('exit');
  }
}
/** An exception the script raises (int(None), an undefined name): exit code 1 and a traceback. */
class PythonError extends Error {}

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|(f?"(?:[^"\\]|\\.)*"|f?'(?:[^'\\]|\\.)*')|([A-Za-z_][\w.]*)|(==|!=|<=|>=|\/\/|\*\*|[-+*/%<>()[\],]))/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const m = TOKEN.exec(text);
    if (!m) throw new NotUnderstood(text);
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4]);
  }
  return out;
}

const unquote = (s: string) =>
  s.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);

function truthy(v: Value): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}

/** Python's str() of a value, as print() writes it. */
function str(v: Value): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  return String(v);
}

/** Expressions: a precedence-climbing parser over the tokens, evaluated as it parses. */
class Expression {
  private i = 0;
  constructor(
    private readonly tokens: string[],
    private readonly scope: Map<string, Value>,
    private readonly environ: Map<string, string>,
  ) {}

  static evaluate(text: string, scope: Map<string, Value>, environ: Map<string, string>): Value {
    const e = new Expression(tokenize(text), scope, environ);
    const v = e.or();
    if (e.i !== e.tokens.length) throw new NotUnderstood(text);
    return v;
  }

  private peek(): string | undefined {
    return this.tokens[this.i];
  }
  private take(expected?: string): string {
    const t = this.tokens[this.i++];
    if (t === undefined || (expected !== undefined && t !== expected))
      throw new NotUnderstood(expected ?? 'end');
    return t;
  }

  private or(): Value {
    let v = this.and();
    while (this.peek() === 'or') {
      this.take();
      const r = this.and();
      v = truthy(v) ? v : r;
    }
    return v;
  }
  private and(): Value {
    let v = this.not();
    while (this.peek() === 'and') {
      this.take();
      const r = this.not();
      v = truthy(v) ? r : v;
    }
    return v;
  }
  private not(): Value {
    if (this.peek() === 'not') {
      this.take();
      return !truthy(this.not());
    }
    return this.comparison();
  }
  private comparison(): Value {
    const left = this.sum();
    const op = this.peek();
    if (!op || !['==', '!=', '<', '>', '<=', '>='].includes(op)) return left;
    this.take();
    const right = this.sum();
    if (op === '==') return left === right;
    if (op === '!=') return left !== right;
    if (typeof left !== typeof right || left === null)
      throw new PythonError(`TypeError: '${op}' not supported between instances`);
    const [a, b] = [left as number | string, right as number | string];
    return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
  }
  private sum(): Value {
    let v = this.product();
    for (let op = this.peek(); op === '+' || op === '-'; op = this.peek()) {
      this.take();
      const r = this.product();
      if (op === '+' && typeof v === 'string' && typeof r === 'string') v = v + r;
      else v = op === '+' ? this.number(v) + this.number(r) : this.number(v) - this.number(r);
    }
    return v;
  }
  private product(): Value {
    let v = this.unary();
    for (let op = this.peek(); op && ['*', '/', '//', '%'].includes(op); op = this.peek()) {
      this.take();
      const a = this.number(v);
      const b = this.number(this.unary());
      if (op !== '*' && b === 0) throw new PythonError('ZeroDivisionError: division by zero');
      // Python's % and // floor toward negative infinity.
      v =
        op === '*'
          ? a * b
          : op === '/'
            ? a / b
            : op === '//'
              ? Math.floor(a / b)
              : a - b * Math.floor(a / b);
    }
    return v;
  }
  private unary(): Value {
    if (this.peek() === '-') {
      this.take();
      return -this.number(this.unary());
    }
    return this.primary();
  }
  private number(v: Value): number {
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    throw new PythonError(`TypeError: unsupported operand type(s): '${typeof v}'`);
  }
  private args(): Value[] {
    this.take('(');
    const out: Value[] = [];
    while (this.peek() !== ')') {
      out.push(this.or());
      if (this.peek() === ',') this.take();
      else break;
    }
    this.take(')');
    return out;
  }
  private primary(): Value {
    const t = this.take();
    if (t === '(') {
      const v = this.or();
      this.take(')');
      return v;
    }
    if (/^\d/.test(t)) return Number(t);
    if (/^["']/.test(t)) return unquote(t);
    // An f-string: each {expression} evaluated in the same scope.
    if (/^f["']/.test(t))
      return unquote(t.slice(1)).replace(/\{([^{}]+)\}/g, (_m, inner: string) =>
        str(Expression.evaluate(inner, this.scope, this.environ)),
      );
    if (t === 'True' || t === 'False') return t === 'True';
    if (t === 'None') return null;
    if (t === 'os.environ' && this.peek() === '[') {
      this.take('[');
      const key = str(this.or());
      this.take(']');
      const v = this.environ.get(key);
      if (v === undefined) throw new PythonError(`KeyError: '${key}'`);
      return v;
    }
    if (this.peek() === '(') return this.call(t, this.args());
    if (this.scope.has(t)) return this.scope.get(t) as Value;
    if (/^[A-Za-z_]\w*$/.test(t)) throw new PythonError(`NameError: name '${t}' is not defined`);
    throw new NotUnderstood(t);
  }
  private call(fn: string, args: Value[]): Value {
    if (fn === 'os.environ.get' || fn === 'os.getenv')
      return this.environ.get(str(args[0])) ?? (args.length > 1 ? args[1] : null);
    if (fn === 'int') {
      const v = args[0];
      if (typeof v === 'number') return Math.trunc(v);
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
      if (typeof v === 'string')
        throw new PythonError(`ValueError: invalid literal for int() with base 10: '${v}'`);
      throw new PythonError(
        "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'",
      );
    }
    if (fn === 'str') return str(args[0] ?? '');
    if (fn === 'len' && typeof args[0] === 'string') return args[0].length;
    throw new NotUnderstood(fn);
  }
}

interface Line {
  indent: number;
  text: string;
}

/** The line up to a `#` that is not inside a string literal. */
function withoutComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') return line.slice(0, i);
  }
  return line;
}

function lines(script: string): Line[] {
  const out: Line[] = [];
  for (const raw of script.split('\n')) {
    const text = withoutComment(raw).trimEnd();
    if (!text.trim()) continue;
    if (/^\t/.test(raw)) throw new NotUnderstood('tabs');
    out.push({ indent: text.length - text.trimStart().length, text: text.trim() });
  }
  return out;
}

class Interpreter {
  readonly output: string[] = [];
  durationMs = STARTUP_MS;
  private readonly scope = new Map<string, Value>();

  constructor(private readonly environ: Map<string, string>) {}

  private value(text: string): Value {
    return Expression.evaluate(text, this.scope, this.environ);
  }

  /** Runs the statements of one block (lines[from..to) at `indent`). */
  block(body: Line[]): void {
    let i = 0;
    while (i < body.length) {
      const { indent, text } = body[i];
      if (body[i].indent !== body[0].indent) throw new NotUnderstood('indentation');
      const end = (k: number) => {
        let j = k + 1;
        while (j < body.length && body[j].indent > indent) j++;
        return j;
      };
      if (/^if\s/.test(text)) {
        // The chain if / elif* / else: the first branch whose condition holds runs.
        let taken = false;
        let j = i;
        let first = true;
        while (j < body.length && body[j].indent === indent) {
          const clause = body[j].text;
          const test = (first ? /^if\s+(.+):$/ : /^elif\s+(.+):$/).exec(clause);
          const otherwise = !first && clause === 'else:';
          if (!test && !otherwise) {
            if (first) throw new NotUnderstood(clause);
            break;
          }
          const stop = end(j);
          const inner = body.slice(j + 1, stop);
          if (!inner.length) throw new NotUnderstood('empty block');
          if (!taken && (otherwise || truthy(this.value(test?.[1] ?? '')))) {
            taken = true;
            this.block(inner);
          }
          j = stop;
          first = false;
          if (otherwise) break;
        }
        i = j;
        continue;
      }
      if (end(i) !== i + 1) throw new NotUnderstood(text);
      this.statement(text);
      i++;
    }
  }

  private statement(text: string): void {
    if (/^(?:import\s+[\w.]+(?:\s*,\s*[\w.]+)*|from\s+[\w.]+\s+import\s+[\w, ]+|pass)$/.test(text))
      return;
    const call = /^([\w.]+)\((.*)\)$/.exec(text);
    if (call) {
      const [, fn, inner] = call;
      const args = inner.trim() ? this.list(inner) : [];
      if (fn === 'print') {
        this.output.push(args.map(str).join(' '));
        return;
      }
      if (fn === 'time.sleep') {
        this.durationMs += Math.max(0, Number(args[0]) || 0) * 1000;
        return;
      }
      if (fn === 'sys.exit' || fn === 'exit' || fn === 'quit') {
        const code = args[0] ?? null;
        if (code === null) throw new Exit(0);
        if (typeof code === 'number') throw new Exit(code & 0xff);
        // sys.exit("message") prints the message to stderr and exits 1.
        this.output.push(str(code));
        throw new Exit(1);
      }
      throw new NotUnderstood(fn);
    }
    const raise = /^raise\s+(\w+)(?:\((.*)\))?$/.exec(text);
    if (raise) {
      if (raise[1] === 'SystemExit') return this.statement(`sys.exit(${raise[2] ?? ''})`);
      const message = raise[2]?.trim() ? str(this.value(raise[2])) : '';
      throw new PythonError(message ? `${raise[1]}: ${message}` : raise[1]);
    }
    const assign = /^([A-Za-z_]\w*)\s*=(?!=)\s*(.+)$/.exec(text);
    if (assign) {
      this.scope.set(assign[1], this.value(assign[2]));
      return;
    }
    throw new NotUnderstood(text);
  }

  /** Comma-separated call arguments (a whole expression list). */
  private list(inner: string): Value[] {
    return splitArgs(inner).map((a) => this.value(a));
  }
}

/** Splits call arguments on top-level commas. */
function splitArgs(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current);
  return out;
}

/** What `python3 -c script` does with `environ`; undefined when the script is beyond this subset. */
export function runPythonScript(
  script: string,
  environ: Map<string, string>,
): PythonRun | undefined {
  const python = new Interpreter(environ);
  try {
    const body = lines(script);
    if (body.length && body[0].indent !== 0)
      return {
        exitCode: 1,
        durationMs: STARTUP_MS,
        output: ['IndentationError: unexpected indent'],
      };
    python.block(body);
    return { exitCode: 0, durationMs: python.durationMs, output: python.output };
  } catch (err) {
    if (err instanceof Exit)
      return { exitCode: err.code, durationMs: python.durationMs, output: python.output };
    if (err instanceof PythonError)
      return {
        exitCode: 1,
        durationMs: python.durationMs,
        output: [
          ...python.output,
          'Traceback (most recent call last):',
          '  File "<string>", line 1, in <module>',
          err.message,
        ],
      };
    if (err instanceof NotUnderstood) return undefined;
    throw err;
  }
}
