// Placeholder while the page is written this session.
export default function RoundsPage() {
  return <div>Rounds</div>;
}
