#!/usr/bin/env node
// `npm run demo`: the module's main job on a fresh simulated AIX LPAR in a temporary directory,
// told as a short story. Runs the steps through ansible-playbook when it is installed (the
// collection in dist/collection), else by invoking dist/modules/backup.js with a JSON arguments
// file, as a WANT_JSON runner would. `--direct` forces the latter, `--keep` keeps the directory.
'use strict';
const { execaSync } = require('execa');
const { mkdtempSync, mkdirSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** Output as printed and the exit status as a value (the demo reports failures itself). */
const AS_PRINTED = { reject: false, stripFinalNewline: false, maxBuffer: 64 << 20 };

const REPO = join(__dirname, '..');
const SIM = join(REPO, 'dist/sim/aix-sim.js');
const MODULE = join(REPO, 'dist/modules/backup.js');
const UTF8 = { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' };

function main() {
  const argv = process.argv.slice(2);
  const dir = mkdtempSync(join(tmpdir(), 'powerops-demo-'));
  const root = join(dir, 'lpar1');
  const images = join(dir, 'backups');
  mkdirSync(images);
  sim(['init', '--root', root, '--hostname', 'lpar1']);
  const steps = story(root, images);
  const forced = argv.includes('--direct');
  const ansible = !forced && ansibleVersion();

  say(`A simulated AIX LPAR "lpar1" in ${root}: rootvg on hdisk0, datavg on hdisk1, hdisk2 and hdisk3 free.`);
  say(ansible
    ? `Each step is a task of powerops.aix.backup run by ansible-playbook (${ansible}), from dist/collection.`
    : `${forced ? 'As asked (--direct)' : 'ansible-playbook is not installed, so'}: each step runs dist/modules/backup.js with JSON arguments, as ansible-core would.`);
  say('');
  const results = ansible ? viaAnsible(dir, root, steps) : steps.map((s) => (s.module ? direct(root, s.module) : (sim([...s.sim]), null)));
  let n = 0;
  let ok = true;
  steps.forEach((step, i) => {
    if (!step.module) return say(`   (${step.title})`);
    const r = results[i];
    const outcome = r.failed ? (step.expectFailure ? 'refused' : 'FAILED') : r.changed ? 'changed' : 'no change';
    if (r.failed && !step.expectFailure) ok = false;
    say(`${++n}. ${step.title}`);
    say(`   ${outcome}: ${step.show ? step.show(r) : r.msg}`);
  });
  say('');
  if (argv.includes('--keep')) say(`The LPAR and the images are kept in ${dir}.`);
  else rmSync(dir, { recursive: true, force: true });
  process.exitCode = ok ? 0 : 1;
}

/** The job: back up rootvg, again, look inside, save datavg, restore it, refuse a disk in use. */
function story(root, images) {
  const mksysb = { action: 'create', type: 'mksysb', location: join(images, 'lpar1.mksysb'), max_age: '1d' };
  const savevg = join(images, 'lpar1-datavg.savevg');
  return [
    { title: 'Back up rootvg (mksysb, an image younger than a day counts as current)', module: mksysb },
    { title: 'Run the same task again', module: mksysb },
    {
      title: 'Look inside the image',
      module: { action: 'view', location: mksysb.location },
      show: (r) => {
        const b = r.backup;
        return `${b.kind} image of ${b.volume_group} made on ${b.hostname}, AIX ${b.oslevel} (${b.servicepack_level}), ${b.logical_volumes.length} logical volumes, ${b.size_mb} MB of data`;
      },
    },
    { title: 'Save datavg (savevg)', module: { action: 'create', type: 'savevg', name: 'datavg', location: savevg } },
    { title: 'the simulator loses datavg, as if hdisk1 had failed', sim: ['exportvg', '--root', root, 'datavg'] },
    { title: 'Restore datavg onto the free disk hdisk2 (restvg)', module: { action: 'restore', type: 'savevg', name: 'hdisk2', location: savevg } },
    {
      title: 'Install the rootvg backup on hdisk2 (alt_disk_mksysb), which datavg now uses',
      module: { action: 'restore', type: 'mksysb', location: mksysb.location, disk: ['hdisk2'] },
      expectFailure: true,
    },
  ];
}

/** All steps as one play; the JSON callback gives each task's result. */
function viaAnsible(dir, root, steps) {
  const tasks = steps.map((s, i) => s.module
    ? { name: `step ${i}`, 'powerops.aix.backup': s.module, ignore_errors: Boolean(s.expectFailure) }
    : { name: `step ${i}`, 'ansible.builtin.command': { argv: [process.execPath, SIM, ...s.sim] } });
  const playbook = join(dir, 'demo.yml');
  const inventory = join(dir, 'inventory.yml');
  // JSON is YAML: no YAML library needed at run time.
  writeFileSync(playbook, JSON.stringify([{ name: 'powerops.aix demo', hosts: 'lpar1', gather_facts: false, environment: { AIX_ROOT: root }, tasks }]));
  writeFileSync(inventory, JSON.stringify({ all: { hosts: { lpar1: {
    ansible_connection: 'local',
    ansible_python_interpreter: '/usr/bin/python3',
    ansible_node_interpreter: process.execPath,
  } } } }));
  const r = execaSync('ansible-playbook', ['-i', inventory, playbook], {
    ...AS_PRINTED,
    cwd: dir,
    env: { ...process.env, ...UTF8, ANSIBLE_STDOUT_CALLBACK: 'json', ANSIBLE_COLLECTIONS_PATH: join(REPO, 'dist/collection'), ANSIBLE_LOCAL_TEMP: join(dir, '.ansible-local'), ANSIBLE_REMOTE_TEMP: join(dir, '.ansible-remote') },
  });
  let out;
  try {
    out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  } catch {
    throw new Error(`ansible-playbook printed no JSON result (is Debian's ansible package, with the json callback, installed?)\n${r.stdout}${r.stderr}`);
  }
  const byName = new Map(out.plays[0].tasks.map((t) => [t.task.name, t.hosts.lpar1]));
  return steps.map((_, i) => byName.get(`step ${i}`) ?? { failed: true, msg: 'the play stopped before this step' });
}

/** One module run the WANT_JSON way: `node backup.js ARGS_FILE`, result on stdout. */
function direct(root, args) {
  const file = join(root, '..', 'args.json');
  writeFileSync(file, JSON.stringify({ ANSIBLE_MODULE_ARGS: args }));
  const r = execaSync(process.execPath, [MODULE, file], { ...AS_PRINTED, env: { AIX_ROOT: root } });
  try {
    return JSON.parse(r.stdout);
  } catch {
    return { failed: true, msg: `the module printed no JSON (rc ${r.exitCode ?? r.signal}): ${r.stderr.trim()}` };
  }
}

function sim(args) {
  const r = execaSync(process.execPath, [SIM, ...args], AS_PRINTED);
  if (r.exitCode !== 0) throw new Error(`aix-sim ${args.join(' ')} failed: ${r.stderr}`);
}

/** "ansible-core 2.14.18" when ansible-playbook runs here, else null. */
function ansibleVersion() {
  const r = execaSync('ansible-playbook', ['--version'], { ...AS_PRINTED, env: UTF8 });
  if (r.exitCode !== 0) return null;
  const m = /core ([\d.]+)/.exec(r.stdout);
  return m ? `ansible-core ${m[1]}` : 'ansible-playbook';
}

function say(line) {
  process.stdout.write(`${line}\n`);
}

try {
  main();
} catch (e) {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
