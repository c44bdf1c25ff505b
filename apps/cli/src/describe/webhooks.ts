import { webHookFieldByType, type BuildConfig } from '@kiln/build-types';

export type WebhookUrl = { type: string; url: string; allowEnv?: boolean };

const titles: Readonly<Record<string, string>> = {
  GitHub: 'GitHub',
  GitLab: 'GitLab',
  Bitbucket: 'Bitbucket',
  Generic: 'Generic',
};

/**
 * The URL each webhook trigger listens on. The secret is shown as `<secret>`, as `oc describe`
 * does: the URL is the credential, and `get -o yaml` shows it to whoever may read it.
 */
export function webhookUrls(server: string, bc: BuildConfig): WebhookUrl[] {
  const base = `${server}/apis/build.openshift.io/v1/namespaces/${encodeURIComponent(bc.metadata.namespace ?? '')}/buildconfigs/${encodeURIComponent(bc.metadata.name ?? '')}/webhooks`;
  const urls: WebhookUrl[] = [];
  for (const trigger of bc.spec.triggers ?? []) {
    const field = webHookFieldByType[trigger.type as keyof typeof webHookFieldByType];
    const hook = field ? trigger[field] : undefined;
    if (!field || !hook) {
      continue;
    }
    urls.push({
      type: titles[trigger.type] ?? trigger.type,
      url: `${base}/<secret>/${field}`,
      ...(field === 'generic' ? { allowEnv: hook.allowEnv === true } : {}),
    });
  }
  return urls;
}

/** `Config, ImageChange`: the non-webhook triggers, as `Triggered by:` lists them. */
export function otherTriggers(bc: BuildConfig): string {
  return (bc.spec.triggers ?? [])
    .filter((t) => !(t.type in webHookFieldByType))
    .map((t) => {
      if (t.type === 'ConfigChange') {
        return 'Config';
      }
      const from = t.imageChange?.from?.name;
      return t.type === 'ImageChange' && from ? `ImageChange(${from})` : t.type;
    })
    .join(', ');
}
