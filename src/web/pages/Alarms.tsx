// Placeholder while the page is written this session.
export default function AlarmsPage() {
  return <div>Alarms</div>;
}
