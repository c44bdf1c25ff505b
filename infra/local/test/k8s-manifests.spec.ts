import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

// Keeps infra/k8s honest: every file kustomization.yaml lists is parsed and checked for what a
// cluster would refuse or what would break Kiln at start, and each service's env is checked
// against that service's own env schema.

const root = join(import.meta.dirname, '..', '..', '..');
const k8s = join(root, 'infra', 'k8s');

/** The Kiln services: each a Deployment of that name running `kiln/<name>:latest`. */
const SERVICES = [
  'build-api',
  'source-fetcher',
  'dockerfile-generator',
  'builder',
  'pusher',
] as const;
type ServiceName = (typeof SERVICES)[number];

/** Every kind the manifests may use, with its apiVersion. */
const KINDS: Record<string, string> = {
  Namespace: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  PersistentVolumeClaim: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  CronJob: 'batch/v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
};

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const isDns1123Label = (name: string) => name.length <= 63 && DNS_1123_LABEL.test(name);

type StringMap = Record<string, string>;
type KeyRef = { name: string; key: string; optional?: boolean };
type EnvVar = {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: KeyRef;
    secretKeyRef?: KeyRef;
    fieldRef?: { fieldPath: string };
  };
};
type PortRef = number | string;
type Probe = {
  httpGet?: { path: string; port: PortRef };
  tcpSocket?: { port: PortRef };
  exec?: { command: string[] };
};
type Container = {
  name: string;
  image?: string;
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string }; prefix?: string }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: StringMap; limits?: StringMap };
  volumeMounts?: { name: string; mountPath: string }[];
  securityContext?: {
    privileged?: boolean;
    runAsUser?: number;
    capabilities?: { add?: string[]; drop?: string[] };
  };
};
type Volume = {
  name: string;
  emptyDir?: object;
  persistentVolumeClaim?: { claimName: string };
  configMap?: { name: string };
  secret?: { secretName: string };
};
type PodTemplate = {
  metadata?: { labels?: StringMap; annotations?: StringMap };
  spec: {
    containers: Container[];
    initContainers?: Container[];
    volumes?: Volume[];
    hostUsers?: boolean;
    terminationGracePeriodSeconds?: number;
    serviceAccountName?: string;
    securityContext?: { runAsUser?: number };
  };
};
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: StringMap };
  data?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
  spec?: Record<string, unknown>;
  roleRef?: { kind: string; name: string };
  subjects?: { kind: string; name: string }[];
};

/** Every YAML document of a file, as plain objects; a syntax error fails the test. */
function loadYaml(file: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    }
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) {
      objects.push(value as K8sObject);
    }
  }
  return objects;
}

const kustomization = parse(readFileSync(join(k8s, 'kustomization.yaml'), 'utf8')) as {
  namespace?: string;
  resources?: string[];
};
const resourceFiles = kustomization.resources ?? [];
const objects = resourceFiles.flatMap((file) => loadYaml(join(k8s, file)));
/** Secrets are created by the operator (README.md); their names and keys are in this file. */
const exampleSecrets = loadYaml(join(k8s, 'secrets.example.yaml'));

const named = (kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const configMapData = (name: string): StringMap | undefined =>
  named('ConfigMap', name)?.data as StringMap | undefined;
const secretKeys = (name: string): string[] | undefined => {
  const secret = exampleSecrets.find((o) => o.kind === 'Secret' && o.metadata.name === name);
  return secret && Object.keys({ ...secret.data, ...secret.stringData });
};

function podTemplate(o: K8sObject): PodTemplate | undefined {
  switch (o.kind) {
    case 'Deployment':
    case 'StatefulSet':
      return o.spec?.template as PodTemplate;
    case 'CronJob':
      return (o.spec?.jobTemplate as { spec: { template: PodTemplate } }).spec.template;
    default:
      return undefined;
  }
}
const workloads = objects.flatMap((o) => {
  const template = podTemplate(o);
  return template ? [{ object: o, template, id: `${o.kind}/${o.metadata.name}` }] : [];
});
const allContainers = (t: PodTemplate) => [...(t.spec.initContainers ?? []), ...t.spec.containers];

/** A container's env as the kubelet builds it: envFrom in order, then env; secrets unread. */
type EnvEntry = { value: string | undefined; source: string; optional: boolean };
function containerEnv(c: Container): { env: Map<string, EnvEntry>; problems: string[] } {
  const env = new Map<string, EnvEntry>();
  const problems: string[] = [];
  for (const from of c.envFrom ?? []) {
    if (from.prefix) {
      problems.push(`envFrom with a prefix (${from.prefix}) is not checked`);
    }
    if (from.configMapRef) {
      const data = configMapData(from.configMapRef.name);
      if (!data) {
        problems.push(`ConfigMap ${from.configMapRef.name} is not in the manifests`);
      }
      for (const [key, value] of Object.entries(data ?? {})) {
        env.set(key, { value, source: `ConfigMap ${from.configMapRef.name}`, optional: false });
      }
    }
    if (from.secretRef) {
      const keys = secretKeys(from.secretRef.name);
      if (!keys) {
        problems.push(`Secret ${from.secretRef.name} is not in secrets.example.yaml`);
      }
      for (const key of keys ?? []) {
        env.set(key, {
          value: undefined,
          source: `Secret ${from.secretRef.name}`,
          optional: false,
        });
      }
    }
  }
  const seen = new Set<string>();
  for (const v of c.env ?? []) {
    if (seen.has(v.name)) {
      problems.push(`${v.name} is set twice in env`);
    }
    seen.add(v.name);
    const cm = v.valueFrom?.configMapKeyRef;
    const secret = v.valueFrom?.secretKeyRef;
    if (cm) {
      const value = configMapData(cm.name)?.[cm.key];
      if (value === undefined && !cm.optional) {
        problems.push(`${v.name}: ConfigMap ${cm.name} has no key ${cm.key}`);
      }
      env.set(v.name, { value, source: `ConfigMap ${cm.name}`, optional: cm.optional === true });
    } else if (secret) {
      if (!secretKeys(secret.name)?.includes(secret.key)) {
        problems.push(
          `${v.name}: Secret ${secret.name} key ${secret.key} is not in secrets.example.yaml`,
        );
      }
      const optional = secret.optional === true;
      env.set(v.name, { value: undefined, source: `Secret ${secret.name}`, optional });
    } else if (v.valueFrom) {
      env.set(v.name, { value: undefined, source: 'fieldRef', optional: false });
    } else {
      env.set(v.name, { value: v.value ?? '', source: 'value', optional: false });
    }
  }
  return { env, problems };
}

const serviceDeployment = (name: ServiceName) => {
  const workload = workloads.find((w) => w.id === `Deployment/${name}`);
  if (!workload) {
    throw new Error(`no Deployment ${name} in infra/k8s`);
  }
  const container = workload.template.spec.containers.find((c) => c.name === name);
  if (!container) {
    throw new Error(`Deployment ${name} has no container named ${name}`);
  }
  return { ...workload, container, ...containerEnv(container) };
};

/**
 * What each service's env schema says. The schemas live in the apps, and eslint.config.js
 * forbids importing an app; this test should also see what runs. So a child `node` imports each
 * app's built config module, apps/<app>/dist/config/<app>.config.js (the module the app's
 * dist/main.js validates its env with), and reports the schema's keys, the required ones (a
 * field that refuses `undefined`: no default, not optional) and which of the values given fail
 * their field. A child process rather than import() here: under jest the app's own
 * `@kiln/service-kit` import would be mapped to the lib's TypeScript source, and NestJS loaded
 * in jest's ESM VM; node resolves the built modules as the container does. Nx builds the apps
 * before this project's tests (implicitDependencies, and test dependsOn ^build).
 */
type SchemaReport = { keys: string[]; required: string[]; invalid: StringMap };
const SCHEMA_ORACLE = `
const input = JSON.parse(process.argv[1]);
const out = {};
for (const [name, { module, values }] of Object.entries(input)) {
  const schemas = Object.values(await import(module)).filter((v) => typeof v?.safeParse === 'function');
  if (schemas.length !== 1) {
    throw new Error(module + ' exports ' + schemas.length + ' zod schemas, expected one');
  }
  let schema = schemas[0];
  // An object schema, or one behind .transform() (a pipe whose input is the object).
  while (schema.shape === undefined) {
    const def = schema._zod?.def;
    if (def?.type !== 'pipe') {
      throw new Error(module + ': the env schema is not an object schema');
    }
    schema = def.in;
  }
  const keys = Object.keys(schema.shape);
  const required = keys.filter((key) => !schema.shape[key].safeParse(undefined).success);
  const invalid = {};
  for (const [key, value] of Object.entries(values)) {
    const result = schema.shape[key]?.safeParse(value);
    if (result && !result.success) {
      invalid[key] = result.error.issues.map((issue) => issue.message).join('; ');
    }
  }
  out[name] = { keys, required, invalid };
}
process.stdout.write(JSON.stringify(out));
`;

function readSchemas(): Record<ServiceName, SchemaReport> {
  const input: Record<string, { module: string; values: StringMap }> = {};
  for (const name of SERVICES) {
    const module = join(root, 'apps', name, 'dist', 'config', `${name}.config.js`);
    if (!existsSync(module)) {
      throw new Error(`${module} is missing: build the apps first (pnpm run build)`);
    }
    const values: StringMap = {};
    for (const [key, entry] of serviceDeployment(name).env) {
      if (entry.value !== undefined) {
        values[key] = entry.value;
      }
    }
    input[name] = { module: pathToFileURL(module).href, values };
  }
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', SCHEMA_ORACLE, JSON.stringify(input)],
    { encoding: 'utf8', cwd: root, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
  );
  return JSON.parse(out) as Record<ServiceName, SchemaReport>;
}

/** The container port a probe or Service names, by number or by port name. */
const portNumber = (c: Container, port: PortRef | undefined): number | undefined =>
  typeof port === 'number' ? port : c.ports?.find((p) => p.name === port)?.containerPort;

/** Whether a path is on one of the container's volumes (not its root filesystem). */
const onVolume = (c: Container, path: string) =>
  (c.volumeMounts ?? []).some((m) => path === m.mountPath || path.startsWith(`${m.mountPath}/`));

describe('infra/k8s manifests', () => {
  it('lists every manifest of infra/k8s in kustomization.yaml, each parsing as YAML', () => {
    const onDisk = readdirSync(k8s).filter(
      (f) => f.endsWith('.yaml') && f !== 'kustomization.yaml' && f !== 'secrets.example.yaml',
    );
    expect([...resourceFiles].sort()).toEqual(onDisk.sort());
    expect(objects.length).toBeGreaterThan(0);
  });

  it('has only known kinds, each with its apiVersion, a DNS-1123 name, in one namespace', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const o of [...objects, ...exampleSecrets]) {
      const id = `${o.kind}/${o.metadata?.name}`;
      if (KINDS[o.kind] === undefined) {
        problems.push(`${id}: unknown kind`);
      } else if (o.apiVersion !== KINDS[o.kind]) {
        problems.push(`${id}: apiVersion ${o.apiVersion}, expected ${KINDS[o.kind]}`);
      }
      if (typeof o.metadata?.name !== 'string' || !isDns1123Label(o.metadata.name)) {
        problems.push(`${id}: name is not a DNS-1123 label`);
      }
      if (ids.has(id)) {
        problems.push(`${id}: defined twice`);
      }
      ids.add(id);
      const namespace = o.kind === 'Namespace' ? undefined : kustomization.namespace;
      if (o.metadata?.namespace !== namespace) {
        problems.push(`${id}: namespace ${o.metadata?.namespace}, expected ${namespace}`);
      }
    }
    expect(named('Namespace', kustomization.namespace ?? '')).toBeDefined();
    for (const w of workloads) {
      for (const c of allContainers(w.template)) {
        if (!isDns1123Label(c.name)) {
          problems.push(`${w.id}: container name ${c.name} is not a DNS-1123 label`);
        }
        for (const p of c.ports ?? []) {
          if (p.name !== undefined && !(p.name.length <= 15 && DNS_1123_LABEL.test(p.name))) {
            problems.push(`${w.id}: port name ${p.name} is not an IANA service name`);
          }
        }
      }
      for (const v of w.template.spec.volumes ?? []) {
        if (!isDns1123Label(v.name)) {
          problems.push(`${w.id}: volume name ${v.name} is not a DNS-1123 label`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has only strings as ConfigMap and Secret values (kubectl refuses numbers and booleans)', () => {
    const problems = [...objects, ...exampleSecrets].flatMap((o) =>
      Object.entries({ ...o.data, ...o.stringData })
        .filter(([, value]) => typeof value !== 'string')
        .map(([key, value]) => `${o.kind}/${o.metadata.name} ${key}: ${typeof value}`),
    );
    expect(problems).toEqual([]);
  });

  it('gives every container resources and a pinned image, and every Deployment and StatefulSet container probes', () => {
    const problems: string[] = [];
    for (const w of workloads) {
      const probed = w.object.kind === 'Deployment' || w.object.kind === 'StatefulSet';
      for (const c of allContainers(w.template)) {
        const at = `${w.id} ${c.name}`;
        for (const kind of ['requests', 'limits'] as const) {
          for (const resource of ['cpu', 'memory']) {
            if (!c.resources?.[kind]?.[resource]) {
              problems.push(`${at}: no ${kind}.${resource}`);
            }
          }
        }
        // Ours are built and loaded as kiln/<app>:latest (README.md); the rest are pinned.
        const image = c.image ?? '';
        const tag = /:([^/:@]+)$/.exec(image)?.[1];
        const ours = /^kiln\/[a-z-]+:latest$/.test(image);
        if (!ours && (tag === undefined || tag === 'latest') && !image.includes('@sha256:')) {
          problems.push(`${at}: image ${image || '(none)'} has no pinned tag`);
        }
        const isInit = w.template.spec.initContainers?.includes(c) === true;
        if (probed && !isInit) {
          for (const probe of ['readinessProbe', 'livenessProbe'] as const) {
            const p = c[probe];
            if (!p) {
              problems.push(`${at}: no ${probe}`);
              continue;
            }
            const port = p.httpGet?.port ?? p.tcpSocket?.port;
            if (port !== undefined && portNumber(c, port) === undefined) {
              problems.push(`${at}: ${probe} names port ${port}, which the container lacks`);
            }
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('refers only to objects that exist: ConfigMaps, Secrets, claims, volumes, Services, Roles', () => {
    const problems: string[] = [];
    for (const w of workloads) {
      const volumes = w.template.spec.volumes ?? [];
      for (const v of volumes) {
        if (v.configMap && !configMapData(v.configMap.name)) {
          problems.push(`${w.id}: volume ${v.name}: no ConfigMap ${v.configMap.name}`);
        }
        if (v.secret && !secretKeys(v.secret.secretName)) {
          problems.push(`${w.id}: volume ${v.name}: no Secret ${v.secret.secretName}`);
        }
        const claim = v.persistentVolumeClaim?.claimName;
        if (claim && !named('PersistentVolumeClaim', claim)) {
          problems.push(`${w.id}: volume ${v.name}: no PersistentVolumeClaim ${claim}`);
        }
      }
      const claimTemplates = (
        (w.object.spec?.volumeClaimTemplates ?? []) as { metadata: { name: string } }[]
      ).map((t) => t.metadata.name);
      for (const c of allContainers(w.template)) {
        problems.push(...containerEnv(c).problems.map((p) => `${w.id} ${c.name}: ${p}`));
        for (const m of c.volumeMounts ?? []) {
          if (!volumes.some((v) => v.name === m.name) && !claimTemplates.includes(m.name)) {
            problems.push(`${w.id} ${c.name}: mounts ${m.name}, which is not a volume`);
          }
        }
      }
      const account = w.template.spec.serviceAccountName;
      if (account && !named('ServiceAccount', account)) {
        problems.push(`${w.id}: no ServiceAccount ${account}`);
      }
    }
    for (const o of objects) {
      if (o.kind === 'Service') {
        const selector = o.spec?.selector as StringMap;
        const target = workloads.find((w) =>
          Object.entries(selector).every(([k, v]) => w.template.metadata?.labels?.[k] === v),
        );
        if (!target) {
          problems.push(`Service/${o.metadata.name}: selects no pod template`);
        }
        for (const p of (o.spec?.ports ?? []) as { port: number; targetPort?: PortRef }[]) {
          const reached = target?.template.spec.containers.some(
            (c) => portNumber(c, p.targetPort ?? p.port) !== undefined,
          );
          if (target && !reached) {
            problems.push(
              `Service/${o.metadata.name}: targetPort ${p.targetPort} is no container port`,
            );
          }
        }
      }
      if (o.kind === 'Ingress') {
        const rules = (o.spec?.rules ?? []) as {
          http: { paths: { backend: { service: { name: string; port: { name?: string } } } }[] };
        }[];
        for (const { backend } of rules.flatMap((r) => r.http.paths)) {
          const service = named('Service', backend.service.name);
          const ports = (service?.spec?.ports ?? []) as { name?: string }[];
          if (!ports.some((p) => p.name === backend.service.port.name)) {
            problems.push(
              `Ingress/${o.metadata.name}: no Service port ${backend.service.name}:${backend.service.port.name}`,
            );
          }
        }
      }
      if (o.kind === 'RoleBinding') {
        if (!named(o.roleRef?.kind ?? '', o.roleRef?.name ?? '')) {
          problems.push(`RoleBinding/${o.metadata.name}: no ${o.roleRef?.kind} ${o.roleRef?.name}`);
        }
        for (const s of o.subjects ?? []) {
          if (!named(s.kind, s.name)) {
            problems.push(`RoleBinding/${o.metadata.name}: no ${s.kind} ${s.name}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs nothing privileged, and root or SYS_ADMIN only in a user namespace of its own', () => {
    const problems: string[] = [];
    for (const w of workloads) {
      const ownUsers = w.template.spec.hostUsers === false;
      for (const c of allContainers(w.template)) {
        const sc = c.securityContext ?? {};
        if (sc.privileged === true) {
          problems.push(`${w.id} ${c.name}: privileged`);
        }
        const root = (sc.runAsUser ?? w.template.spec.securityContext?.runAsUser) === 0;
        if ((root || sc.capabilities?.add?.includes('SYS_ADMIN')) && !ownUsers) {
          problems.push(`${w.id} ${c.name}: root or SYS_ADMIN without hostUsers: false`);
        }
        if (!sc.capabilities?.drop?.includes('ALL')) {
          problems.push(`${w.id} ${c.name}: does not drop ALL capabilities`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  describe('each service', () => {
    let schemas: Record<ServiceName, SchemaReport>;
    beforeAll(() => {
      schemas = readSchemas();
    });

    it.each(SERVICES)('%s sets only keys of its env schema, and every required one', (name) => {
      const { env } = serviceDeployment(name);
      const schema = schemas[name];
      const unknown = [...env.keys()].filter((key) => !schema.keys.includes(key));
      const missing = schema.required.filter((key) => !env.has(key) || env.get(key)?.optional);
      expect({ unknown, missing }).toEqual({ unknown: [], missing: [] });
    });

    it.each(SERVICES)('%s sets values its env schema accepts', (name) => {
      expect(schemas[name].invalid).toEqual({});
    });

    it.each(SERVICES)(
      '%s runs its kiln image, listening on all addresses at the port its probes and Prometheus use',
      (name) => {
        const { template, container, env } = serviceDeployment(name);
        expect(container.image).toBe(`kiln/${name}:latest`);
        // build-api serves its API, health and metrics on API_PORT; workers on HEALTH_PORT.
        const portKey = schemas[name].keys.includes('API_PORT') ? 'API_PORT' : 'HEALTH_PORT';
        const port = Number(env.get(portKey)?.value);
        expect(env.get('KILN_HOST')?.value).toBe('0.0.0.0');
        expect(portNumber(container, 'http')).toBe(port);
        expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
        expect(portNumber(container, container.readinessProbe?.httpGet?.port)).toBe(port);
        expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
        expect(portNumber(container, container.livenessProbe?.httpGet?.port)).toBe(port);
        expect(template.metadata?.annotations).toMatchObject({
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(port),
          'prometheus.io/path': '/metrics',
        });
      },
    );

    it.each(SERVICES)('%s has the files and dirs its env names on volumes', (name) => {
      const { container, env } = serviceDeployment(name);
      const paths = ['KILN_WORK_DIR', 'KILN_BUILDAH_ROOT', 'KILN_TOKENS_FILE']
        .map((key) => ({ key, path: env.get(key)?.value }))
        .filter((p): p is { key: string; path: string } => p.path !== undefined);
      expect(paths.filter((p) => !onVolume(container, p.path))).toEqual([]);
    });

    it('builder waits longer than its drain (KILN_DRAIN_SECONDS) before it is killed', () => {
      const { template, env } = serviceDeployment('builder');
      const drain = Number(env.get('KILN_DRAIN_SECONDS')?.value);
      expect(drain).toBeGreaterThan(0);
      expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThan(drain);
    });
  });
});
