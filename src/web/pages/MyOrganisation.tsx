import { useSession } from '../session';
import OrganisationDetailPage from './OrganisationDetail';

export default function MyOrganisationPage() {
  const { me } = useSession();
  return me?.organisation ? <OrganisationDetailPage idOverride={me.organisation.id} /> : null;
}
