import { HTTPFetchError, messagingApi } from "@line/bot-sdk";

export interface RichMenuClients {
  api: messagingApi.MessagingApiClient;
  blob: messagingApi.MessagingApiBlobClient;
}

export function createRichMenuClients(options: { channelAccessToken: string; baseUrl: string; dataBaseUrl: string }): RichMenuClients {
  return {
    api: new messagingApi.MessagingApiClient({ channelAccessToken: options.channelAccessToken, baseURL: options.baseUrl }),
    blob: new messagingApi.MessagingApiBlobClient({ channelAccessToken: options.channelAccessToken, baseURL: options.dataBaseUrl }),
  };
}

/** A LINE call that failed, with what LINE said and the request id to quote to LINE's support. */
export class RichMenuDeployError extends Error {}

export interface DeployOutcome {
  /** The new default menu; null on a dry run. */
  createdId: string | null;
  /** Menus of earlier deploys: deleted, or on a dry run the ones that would be. */
  previousIds: string[];
}

function describeLineError(err: HTTPFetchError): string {
  let detail = err.body;
  try {
    const body = JSON.parse(err.body) as { message?: string; details?: { property?: string; message?: string }[] };
    const details = (body.details ?? []).map((d) => `${d.property ?? ""}: ${d.message ?? ""}`);
    detail = [body.message ?? "", ...details].filter(Boolean).join(" / ");
  } catch {
    // Not JSON: the raw body says it best.
  }
  return `HTTP ${err.status} ${detail || err.statusText}（x-line-request-id: ${err.headers.get("x-line-request-id") ?? "なし"}）`;
}

async function step<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HTTPFetchError) throw new RichMenuDeployError(`${what}に失敗しました: ${describeLineError(err)}`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new RichMenuDeployError(`${what}に失敗しました: LINE API に接続できません（${cause?.code ?? cause?.message ?? (err as Error).message}）`);
  }
}

/**
 * Validates the menu with LINE; with `apply`, creates it, uploads its image, makes it the default
 * and deletes the menus earlier deploys made (found by the name tag), so one menu remains.
 */
export async function deployRichMenu(
  menu: { request: messagingApi.RichMenuRequest; png: Buffer; tag: string },
  clients: RichMenuClients,
  options: { apply: boolean; say: (line: string) => void },
): Promise<DeployOutcome> {
  const { api, blob } = clients;
  const { say } = options;
  await step("リッチメニューの検証", () => api.validateRichMenuObject(menu.request));
  say("LINE の検証を通りました。");
  const list = await step("リッチメニュー一覧の取得", () => api.getRichMenuList());
  const previousIds = list.richmenus.filter((m) => m.name.startsWith(menu.tag)).map((m) => m.richMenuId);
  if (!options.apply) {
    say("ドライランです（LINE には何も作成しません）。--yes を付けると、メニューを作成して画像をアップロードし、既定のメニューにします。");
    if (previousIds.length > 0) say(`そのあと以前のデプロイのメニュー ${previousIds.length} 件を削除します: ${previousIds.join(", ")}`);
    return { createdId: null, previousIds };
  }

  const { richMenuId } = await step("リッチメニューの作成", () => api.createRichMenu(menu.request));
  say(`作成しました: ${richMenuId}`);
  try {
    await step("画像のアップロード", () => blob.setRichMenuImage(richMenuId, new Blob([new Uint8Array(menu.png)], { type: "image/png" })));
    say(`画像をアップロードしました（${menu.png.length} バイト）。`);
    await step("既定のメニューへの設定", () => api.setDefaultRichMenu(richMenuId));
    say("既定のリッチメニューにしました。");
  } catch (err) {
    // A menu without an image or never made default is of no use: remove it so no stray menu is left.
    await api.deleteRichMenu(richMenuId).catch(() => undefined);
    throw err;
  }
  for (const id of previousIds) {
    await step(`以前のメニュー ${id} の削除`, () => api.deleteRichMenu(id));
    say(`以前のメニューを削除しました: ${id}`);
  }
  if (previousIds.length === 0) say("削除する以前のメニューはありませんでした。");
  return { createdId: richMenuId, previousIds };
}
