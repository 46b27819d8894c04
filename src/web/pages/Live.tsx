// Placeholder while the page is written this session.
export default function LivePage() {
  return <div>Live</div>;
}
