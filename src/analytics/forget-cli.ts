// `npm run forget-user -- Uxxxxxxxx…`: a user asked for their data to be deleted. Deletes every row
// stored for that LINE user id (found through the same HMAC key the bot stores).
import { ConfigError, loadStoreLocation } from "../config.ts";
import { openDatabase } from "./open-database.ts";
import { deleteRowsOfUser } from "./exchange-store.ts";
import { userKeyOf } from "./record.ts";

const usage = "使い方: npm run forget-user -- <LINE のユーザー ID (U で始まる 33 文字)>";
const userId = process.argv[2];

if (!userId || !/^U[0-9a-f]{32}$/.test(userId)) {
  console.error(`LINE のユーザー ID を指定してください (expected a LINE user id)\n${usage}`);
  process.exit(2);
}

try {
  // Only the key and the place are needed: rows stored before ANALYTICS=off must still be deletable.
  const secret = process.env.ANALYTICS_SECRET?.trim();
  if (!secret) {
    console.error("ANALYTICS_SECRET が未設定です: 質問ログを保存したときと同じ値を設定してください (the key the rows were stored with)");
    process.exit(1);
  }
  const db = await openDatabase(loadStoreLocation(process.env));
  try {
    const deleted = await deleteRowsOfUser(db, userKeyOf(secret, userId));
    console.log(`${deleted} 件を削除しました (deleted ${deleted} rows).`);
  } finally {
    await db.close();
  }
} catch (err) {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(`削除できませんでした (deletion failed): ${(err as Error).message}`);
  process.exit(1);
}
