// Placeholder while the page is written this session.
export default function EnterpriseHistoryPage() {
  return <div>EnterpriseHistory</div>;
}
