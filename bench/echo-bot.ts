// The reference a LINE developer writes first: the SDK's echo-bot sample (express + middleware,
// one replyMessage per text event, 200 once the replies are done). `npm run bench:http` measures
// the real bot against it. Reads PORT, LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN, LINE_API_BASE_URL.
import { type webhook, messagingApi, middleware } from "@line/bot-sdk";
import express from "express";

const channelSecret = process.env.LINE_CHANNEL_SECRET ?? "";
const client = new messagingApi.MessagingApiClient({
  channelAccessToken: process.env.LINE_CHANNEL_ACCESS_TOKEN ?? "",
  baseURL: process.env.LINE_API_BASE_URL ?? "https://api.line.me",
});

function handleEvent(event: webhook.Event): Promise<unknown> {
  if (event.type !== "message" || event.message.type !== "text" || !event.replyToken) return Promise.resolve(null);
  return client.replyMessage({ replyToken: event.replyToken, messages: [{ type: "text", text: event.message.text }] });
}

const app = express();
app.post("/webhook", middleware({ channelSecret }), (req, res) => {
  const { events } = req.body as webhook.CallbackRequest;
  Promise.all(events.map(handleEvent))
    .then(() => res.end())
    .catch((err: unknown) => {
      console.error(err);
      res.status(500).end();
    });
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`echo bot listening on ${port}`));
