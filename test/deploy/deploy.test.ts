// The deployment files: the Kubernetes manifests against the batch/v1 Job and
// core/v1 PersistentVolumeClaim schemas (shipped by kubernetes-models, checked
// offline), the Slurm scripts by bash -n and for the directives a sweep needs,
// and the Dockerfile for the basics.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';

const DEPLOY = join(__dirname, '../../deploy');
const read = (file: string) => readFileSync(join(DEPLOY, file), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;
function manifests(file: string): Doc[] {
  return parseAllDocuments(read(file)).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
}

function validate(doc: Doc): void {
  if (doc.kind === 'Job') new Job(doc).validate();
  else if (doc.kind === 'PersistentVolumeClaim') new PersistentVolumeClaim(doc).validate();
  else throw new Error(`unexpected kind ${doc.kind}`);
}

const container = (job: Doc) => job.spec.template.spec.containers[0];
const claims = (job: Doc) => job.spec.template.spec.volumes.map((v: Doc) => v.persistentVolumeClaim?.claimName);

describe('Kubernetes manifests', () => {
  const sweep = manifests('kubernetes/sweep.yaml');
  const merge = manifests('kubernetes/merge.yaml');
  const job = sweep.find((d) => d.kind === 'Job');
  const pvc = sweep.find((d) => d.kind === 'PersistentVolumeClaim');

  it('every document is valid against its schema', () => {
    for (const doc of [...sweep, ...merge]) expect(() => validate(doc)).not.toThrow();
  });

  it('the schema check can fail', () => {
    expect(() => validate({ ...job, spec: { ...job.spec, completionMode: 'Sharded' } })).toThrow(/completionMode/);
    expect(() => validate({ ...job, spec: { ...job.spec, completions: '8' } })).toThrow(/completions/);
  });

  it('the sweep is an Indexed Job whose pods know the shard count and use one core', () => {
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBeGreaterThan(1);
    expect(job.spec.parallelism).toBeGreaterThanOrEqual(1);
    const c = container(job);
    expect(c.args.join(' ')).toMatch(/--shard auto\b/);
    expect(c.env.find((e: Doc) => e.name === 'UNTANGLE_SHARDS')?.value).toBe(String(job.spec.completions));
    for (const k of ['requests', 'limits']) expect(String(c.resources[k].cpu)).toBe('1');
    expect(c.resources.limits.memory).toBeDefined();
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('sweep and merge share one ReadWriteMany volume for the results', () => {
    expect(pvc.spec.accessModes).toContain('ReadWriteMany');
    const mergeJob = merge[0];
    expect(claims(job)).toEqual([pvc.metadata.name]);
    expect(claims(mergeJob)).toEqual([pvc.metadata.name]);
    const out = container(job).args[container(job).args.indexOf('--out') + 1];
    expect(container(job).volumeMounts[0].mountPath).toBe(out);
    expect(container(mergeJob).args).toEqual(['merge', out, '--report']);
    expect(container(mergeJob).volumeMounts[0].mountPath).toBe(out);
  });

  it('pods run as the image\'s non-root user', () => {
    for (const j of [job, merge[0]]) {
      expect(j.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
      expect(j.spec.template.spec.securityContext.runAsUser).not.toBe(0);
    }
  });
});

describe('Slurm scripts', () => {
  it.each(['slurm/sweep.sbatch', 'slurm/merge.sbatch', 'slurm/submit.sh'])('%s passes bash -n', (file) => {
    expect(() => execFileSync('bash', ['-n', join(DEPLOY, file)], { stdio: 'pipe' })).not.toThrow();
  });

  it('bash -n can fail', () => {
    expect(() => execFileSync('bash', ['-n', '-c', 'if then fi'], { stdio: 'pipe' })).toThrow();
  });

  it('the sweep is a job array of one-core tasks with --shard auto', () => {
    const script = read('slurm/sweep.sbatch');
    expect(script).toMatch(/^#SBATCH --array=\d+-\d+/m);
    expect(script).toMatch(/^#SBATCH --cpus-per-task=1$/m);
    expect(script).toMatch(/--shard auto\b/);
  });

  it('the merge depends on the whole array succeeding', () => {
    const submit = read('slurm/submit.sh');
    expect(submit).toMatch(/ARRAY_ID=\$\(sbatch --parsable --array=/);
    expect(submit).toMatch(/sbatch --parsable --dependency="afterok:\$ARRAY_ID"[^\n]*merge\.sbatch/);
    expect(read('slurm/merge.sbatch')).toMatch(/ merge "\$RESULTS"/);
  });
});

describe('Dockerfile', () => {
  const lines = read('Dockerfile').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const instructions = (name: string) => lines.filter((l) => l.toUpperCase().startsWith(`${name} `));

  it('the base is Node 20 slim, pinned by full version or digest', () => {
    const from = instructions('FROM');
    expect(from.length).toBeGreaterThanOrEqual(1);
    for (const f of from) expect(f).toMatch(/^FROM node:20\.\d+\.\d+-[a-z]+-slim(@sha256:[0-9a-f]{64})?( AS \w+)?$/i);
  });

  it('installs the packed tarball, fetches nothing with curl or wget', () => {
    expect(lines.join('\n')).not.toMatch(/\b(curl|wget)\b/);
    expect(instructions('COPY').some((l) => /\.tgz\b|\$\{TARBALL\}/.test(l))).toBe(true);
    expect(instructions('RUN').some((l) => /npm install[^\n]*\/tmp\/untangle\.tgz/.test(l))).toBe(true);
  });

  it('runs as a non-root user, with untangle as the entry point and no installs at run time', () => {
    const user = instructions('USER');
    expect(user.length).toBeGreaterThan(0);
    expect(user.at(-1)).not.toMatch(/^USER (root|0)(:|$)/);
    expect(instructions('ENTRYPOINT')).toEqual(['ENTRYPOINT ["untangle"]']);
    for (const l of [...instructions('ENTRYPOINT'), ...instructions('CMD')]) expect(l).not.toMatch(/\b(npm|npx|curl|wget)\b/);
  });
});
