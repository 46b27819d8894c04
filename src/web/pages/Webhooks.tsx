// Placeholder while the page is written this session.
export default function WebhooksPage() {
  return <div>Webhooks</div>;
}
