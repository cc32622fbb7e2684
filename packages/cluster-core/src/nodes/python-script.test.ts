import { runPythonScript } from './python-script';

const env = (index: string) => new Map([['JOB_COMPLETION_INDEX', index]]);

describe('python -c scripts of the Job documentation', () => {
  // job-backoff-limit-per-index-example.yaml: even indexes fail.
  const parity = `import os, sys
print("Hello world")
if int(os.environ.get("JOB_COMPLETION_INDEX")) % 2 == 0:
  sys.exit(1)
`;
  test('an even index exits 1 after printing, an odd one exits 0', () => {
    expect(runPythonScript(parity, env('4'))).toEqual({
      exitCode: 1,
      durationMs: 100,
      output: ['Hello world'],
    });
    expect(runPythonScript(parity, env('3'))?.exitCode).toBe(0);
  });

  // job-backoff-limit-per-index-failindex.yaml: an if / elif / else chain on a variable.
  const chain = `import os, sys
index = int(os.environ.get("JOB_COMPLETION_INDEX"))
if index == 0:
  sys.exit(1)
elif index == 1:
  sys.exit(42)
else:
  sys.exit(0)
`;
  test('if / elif / else picks the first branch that holds', () => {
    expect(['0', '1', '2', '3'].map((i) => runPythonScript(chain, env(i))?.exitCode)).toEqual([
      1, 42, 0, 0,
    ]);
  });

  test('int() of a missing variable raises TypeError and exits 1 with a traceback', () => {
    const run = runPythonScript(chain, new Map());
    expect(run?.exitCode).toBe(1);
    expect(run?.output.at(-1)).toMatch(/^TypeError: int\(\) argument must be/);
  });

  test('time.sleep adds to the run time and a string comparison works', () => {
    const run = runPythonScript(
      'import os, sys, time\ntime.sleep(2)\nif os.environ.get("JOB_COMPLETION_INDEX") == "2":\n  sys.exit(0)\nelse:\n  sys.exit(1)',
      env('2'),
    );
    expect(run).toEqual({ exitCode: 0, durationMs: 2100, output: [] });
    expect(runPythonScript('import sys\nsys.exit(1) if True else 0', env('2'))).toBeUndefined();
  });

  test('what is beyond the subset is not understood', () => {
    expect(runPythonScript('import http.server\nhttp.server.test()', new Map())).toBeUndefined();
    expect(runPythonScript('for i in range(3):\n  print(i)', new Map())).toBeUndefined();
  });
});

test('an f-string prints its expressions', () => {
  const run = runPythonScript(
    'import os\nindex = int(os.environ["JOB_COMPLETION_INDEX"])\nprint(f"worker {index} of {index * 2 + 1}")',
    env('3'),
  );
  expect(run?.output).toEqual(['worker 3 of 7']);
});

test('a # inside a string is not a comment', () => {
  expect(runPythonScript('print("job #1")  # says which', new Map())?.output).toEqual(['job #1']);
});
