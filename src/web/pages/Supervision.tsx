// Placeholder while the page is written this session.
export default function SupervisionPage() {
  return <div>Supervision</div>;
}
