// Tokens for the pull-request flow: GitHub through VS Code's sign-in (nothing to paste), other forges from a token
// entered once per host with "GitOps: Set Forge Token" and kept in the extension's secret storage. The token is
// handed to the flow and nowhere else: not to settings, the output channel, messages, URLs or the git config.
import { ThemeIcon, Uri, authentication, env, window, workspace, type ExtensionContext, type QuickPickItem } from 'vscode';
import { SECTION, Setting, forgeTypes, parseForgeSettings, type ForgeType } from '../settings';
import {
  GITHUB_SCOPES,
  createForgeTokenStore,
  normalizeHost,
  tokenHelp,
  tokenInputProblem,
  tokenSourceFor,
  wellKnownTokenHosts,
  type ForgeTokenStore,
} from './tokens';

export interface ForgeAccount {
  type: ForgeType;
  /** Lower-case host, with a port when the remote has one. */
  host: string;
}

export class ForgeAuth {
  private readonly store: ForgeTokenStore;

  constructor(context: ExtensionContext) {
    this.store = createForgeTokenStore(context.secrets);
  }

  /**
   * The token for a forge, asking the user when there is none: the GitHub sign-in dialog, or the token input box.
   * `renew` after the forge rejected the token: a new GitHub session, or a new token for the host.
   * Undefined when the user cancelled.
   */
  async token(account: ForgeAccount, { renew = false } = {}): Promise<string | undefined> {
    const source = tokenSourceFor(account.type, account.host, githubEnterpriseUri());
    if (source.kind === 'session') {
      try {
        const session = await authentication.getSession(
          source.provider,
          GITHUB_SCOPES,
          renew
            ? { forceNewSession: { detail: `${account.host} did not accept the current sign-in. Sign in again to open the pull request.` } }
            : { createIfNone: true },
        );
        return session?.accessToken;
      } catch (error) {
        // Declining the sign-in dialog rejects ("User did not consent…"): that is a cancel, not a failure.
        if (error instanceof Error && /consent|cancel/i.test(error.message)) return undefined;
        throw error;
      }
    }
    if (!renew) {
      const stored = await this.store.get(account.host);
      if (stored) return stored;
    }
    return this.askToken(account, renew ? `${account.host} rejected the stored token. ` : '');
  }

  /** "GitOps: Set Forge Token": pick or type a host, then paste its token. */
  async setTokenCommand(hostHint?: string): Promise<void> {
    const host = (hostHint && normalizeHost(hostHint)) || (await this.pickHost());
    if (!host) return;
    const type = forgeTypeOf(host) ?? (await pickForgeType(host));
    if (!type) return;
    if (tokenSourceFor(type, host, githubEnterpriseUri()).kind === 'session') {
      void window.showInformationMessage(`${host} needs no token: GitOps Manifests signs in with your GitHub account in VS Code (Accounts menu).`);
      return;
    }
    if (await this.askToken({ type, host }, '')) {
      void window.showInformationMessage(`Token for ${host} saved in VS Code's secret storage.`);
    }
  }

  /** "GitOps: Remove Forge Token": pick one of the hosts that have a token. */
  async removeTokenCommand(): Promise<void> {
    const hosts = await this.store.hosts();
    if (hosts.length === 0) {
      void window.showInformationMessage('No forge tokens are stored. GitHub sign-ins are managed in the Accounts menu.');
      return;
    }
    const picked = await window.showQuickPick(
      hosts.map((host) => ({ label: host, description: forgeTypeOf(host) })),
      { title: 'Remove Forge Token', placeHolder: 'Host whose token to remove' },
    );
    if (!picked) return;
    await this.store.remove(picked.label);
    void window.showInformationMessage(`Token for ${picked.label} removed.`);
  }

  private async pickHost(): Promise<string | undefined> {
    const configured = Object.keys(parseForgeSettings(workspace.getConfiguration(SECTION).get(Setting.forges)).hosts);
    const stored = await this.store.hosts();
    const hosts = [...new Set([...stored, ...configured, ...Object.keys(wellKnownTokenHosts)])];
    const other: QuickPickItem = { label: '$(add) Other Host…', alwaysShow: true };
    const items: QuickPickItem[] = [
      ...hosts.map((host) => ({ label: host, description: [forgeTypeOf(host), stored.includes(host) ? 'token stored' : undefined].filter(Boolean).join(' · ') })),
      other,
    ];
    const picked = await window.showQuickPick(items, { title: 'Set Forge Token', placeHolder: 'Host of the GitLab, Gitea, Forgejo or Bitbucket server' });
    if (!picked) return undefined;
    if (picked !== other) return picked.label;
    const typed = await window.showInputBox({
      title: 'Set Forge Token',
      prompt: 'Host name of the forge, as in the git remote (e.g. git.example.com or git.example.com:8443)',
      ignoreFocusOut: true,
      validateInput: (value) => (normalizeHost(value) ? undefined : 'Enter a host name such as git.example.com'),
    });
    return typed ? normalizeHost(typed) : undefined;
  }

  /** The password-style input box with a button to the forge's token page; stores what is entered. */
  private askToken(account: ForgeAccount, reason: string): Promise<string | undefined> {
    const help = tokenHelp(account.type, account.host);
    const input = window.createInputBox();
    input.title = `Token for ${account.host}`;
    input.prompt = `${reason}${help.prompt}. It is kept in VS Code's secret storage.`;
    input.password = true;
    input.ignoreFocusOut = true;
    const openPage = { iconPath: new ThemeIcon('link-external'), tooltip: `Make a token on ${account.host}` };
    input.buttons = [openPage];
    return new Promise((resolve) => {
      let settled = false;
      const finish = (token: string | undefined) => {
        if (settled) return;
        settled = true;
        resolve(token);
        input.dispose();
      };
      input.onDidChangeValue((value) => {
        input.validationMessage = value ? tokenInputProblem(value) : undefined;
      });
      input.onDidTriggerButton(() => void env.openExternal(Uri.parse(help.createUrl)));
      input.onDidAccept(async () => {
        const problem = tokenInputProblem(input.value);
        if (problem) {
          input.validationMessage = problem;
          return;
        }
        const token = input.value.trim();
        input.busy = true;
        await this.store.set(account.host, token);
        finish(token);
      });
      input.onDidHide(() => finish(undefined));
      input.show();
    });
  }
}

function githubEnterpriseUri(): string | undefined {
  return workspace.getConfiguration('github-enterprise').get<string>('uri') || undefined;
}

/** The forge type of a host from `gitops.forges` or the well-known hosts. */
export function forgeTypeOf(host: string): ForgeType | undefined {
  const configured = parseForgeSettings(workspace.getConfiguration(SECTION).get(Setting.forges)).hosts[host];
  return configured?.type ?? wellKnownTokenHosts[host] ?? (host === 'github.com' ? 'github' : undefined);
}

async function pickForgeType(host: string): Promise<ForgeType | undefined> {
  const names: Record<ForgeType, string> = { github: 'GitHub Enterprise Server', gitlab: 'GitLab', gitea: 'Gitea', forgejo: 'Forgejo', bitbucket: 'Bitbucket' };
  const picked = await window.showQuickPick(
    forgeTypes.map((type) => ({ label: names[type], type })),
    { title: `Which forge runs on ${host}?`, placeHolder: `Add ${host} to the ${SECTION}.${Setting.forges} setting so pull requests find it too` },
  );
  return picked?.type;
}
