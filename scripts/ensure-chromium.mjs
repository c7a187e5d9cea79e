// Makes sure Debian's Chromium is present for the end-to-end tests.
// Playwright's own browser download cannot work on this network, so the test
// command installs the distribution's package (as root, which CI is) instead.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

if (existsSync(chromium)) {
  console.log(`Chromium found at ${chromium}.`);
} else {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const run = (args) => {
    const [command, ...rest] = isRoot ? args : ['sudo', ...args];
    execFileSync(command, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  console.log(`Chromium is missing at ${chromium}; installing Debian's chromium package ...`);
  try {
    run(['apt-get', 'update']);
    run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium']);
  } catch {
    console.error(
      'Could not install Chromium. Install it yourself (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary.',
    );
    process.exit(1);
  }
  if (!existsSync(chromium)) {
    console.error(`Installed chromium, but ${chromium} is still missing. Set CHROMIUM_PATH.`);
    process.exit(1);
  }
}
