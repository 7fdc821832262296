// A stand-in for validate-child.ts that never answers: it starts a grandchild (as a parser
// library might) and spins. It writes the grandchild's pid beside the model file, so
// validate.test.ts can check that both are gone after a timeout or a shutdown.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const grandchild = spawn('sleep', ['600'], { stdio: 'ignore' });
writeFileSync(`${process.argv[2]}.grandchild`, String(grandchild.pid));
setInterval(() => undefined, 1000);
