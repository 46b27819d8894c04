import { StrictMode, Suspense, lazy as reactLazy, useEffect, useState, type ComponentType, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, createRoutesFromChildren, matchRoutes, useLocation } from 'react-router-dom';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { reportQueryError } from './refusals';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';
import { LoginPage } from './pages/Login';
import { registerServiceWorker } from './offline/register';

// Pages load on demand so that the login page stays light. Each page remembers how it is loaded, so that
// the page the browser opens on is fetched at once, beside the session's /api/auth/me (see PreloadingRoutes),
// rather than after it: on a full load that takes one round trip and the chunk's download off the wait.
type Load = () => Promise<{ default: ComponentType<any> }>;
const lazy = (load: Load) => {
  let loading: ReturnType<Load> | null = null;
  const once = () => (loading ??= load());
  return Object.assign(reactLazy(once), { preload: once });
};

const RegisterPage = lazy(() => import('./pages/Register'));
const HomePage = lazy(() => import('./pages/Home'));
const RegionsPage = lazy(() => import('./pages/Regions'));
const OrganisationsPage = lazy(() => import('./pages/Organisations'));
const OrganisationDetailPage = lazy(() => import('./pages/OrganisationDetail'));
const MyOrganisationPage = lazy(() => import('./pages/MyOrganisation'));
const UsersPage = lazy(() => import('./pages/Users'));
const TokensPage = lazy(() => import('./pages/Tokens'));
const CataloguesPage = lazy(() => import('./pages/Catalogues'));
const AuditPage = lazy(() => import('./pages/Audit'));
const ManifestsPage = lazy(() => import('./pages/Manifests'));
const ManifestDetailPage = lazy(() => import('./pages/ManifestDetail'));
const StorePage = lazy(() => import('./pages/Store'));
const PlansPage = lazy(() => import('./pages/Plans'));
const DeclarationsPage = lazy(() => import('./pages/Declarations'));
const IndicatorsPage = lazy(() => import('./pages/Indicators'));
const TasksPage = lazy(() => import('./pages/Tasks'));
const ProjectsPage = lazy(() => import('./pages/Projects'));
const ScreenPage = lazy(() => import('./pages/Screen'));
const LivePage = lazy(() => import('./pages/Live'));
const AlarmsPage = lazy(() => import('./pages/Alarms'));
const SupervisionPage = lazy(() => import('./pages/Supervision'));
const EnterpriseHistoryPage = lazy(() => import('./pages/EnterpriseHistory'));
const WebhooksPage = lazy(() => import('./pages/Webhooks'));
const RoundsPage = lazy(() => import('./pages/Rounds'));
const ConstructionPage = lazy(() => import('./pages/Construction'));
const BulkStoragePage = lazy(() => import('./pages/BulkStorage'));
const RegistersPage = lazy(() => import('./pages/Registers'));
const ExchangePage = lazy(() => import('./pages/Exchange'));
const SupplyPage = lazy(() => import('./pages/Supply'));
const CellNoticePage = lazy(() => import('./pages/CellNotice'));
const StatisticsPage = lazy(() => import('./pages/Statistics'));
const HouseholdPage = lazy(() => import('./pages/Household'));
const GreenPage = lazy(() => import('./pages/Green'));
const GreenStationPage = lazy(() => import('./pages/GreenStation'));
const GreenMePage = lazy(() => import('./pages/GreenMe'));
const KitchenPage = lazy(() => import('./pages/Kitchen'));
const AgriculturePage = lazy(() => import('./pages/Agriculture'));
const RecyclingPage = lazy(() => import('./pages/Recycling'));
const AgriStrawPage = lazy(() => import('./pages/AgriStraw'));
const AgriFilmPage = lazy(() => import('./pages/AgriFilm'));
// Pesticide packaging and farm inputs (issue 16).
const AgriPesticidePage = lazy(() => import('./pages/AgriPesticide'));
const AgriPesticideStationPage = lazy(() => import('./pages/AgriPesticideStation'));
const RecyclePage = lazy(() => import('./pages/Recycle'));
const RecyclingBookingsPage = lazy(() => import('./pages/RecyclingBookings'));
const RecyclingCollectorPage = lazy(() => import('./pages/RecyclingCollector'));
const AgriCarcassPage = lazy(() => import('./pages/AgriCarcass'));
const AgriCarcassDriverPage = lazy(() => import('./pages/AgriCarcassDriver'));
const RecyclingNetworkPage = lazy(() => import('./pages/RecyclingNetwork'));
const RecyclingStationPage = lazy(() => import('./pages/RecyclingStation'));
const AgriFarmsPage = lazy(() => import('./pages/AgriFarms'));
// 再生资源 (issue 17): the counties' monthly progress reports and the zero-waste malls.
const RecyclingReportsPage = lazy(() => import('./pages/RecyclingReports'));
const CellsPage = lazy(() => import('./pages/Cells'));
// 信息公开 (issue 18): the public portal, no login.
const PortalPage = lazy(() => import('./pages/Portal'));
const PortalAdminPage = lazy(() => import('./pages/PortalAdmin'));
// 信访投诉举报 (issue 18): the citizen's phone page (no login needed) and the departments' console.
const ReportPage = lazy(() => import('./pages/Report'));
const ComplaintsPage = lazy(() => import('./pages/Complaints'));
// 问卷调查 (issue 18): the office's surveys, and the public answering page (no login).
const SurveysPage = lazy(() => import('./pages/Surveys'));
const SurveyAnswerPage = lazy(() => import('./pages/SurveyAnswer'));
const InspectionsPage = lazy(() => import('./pages/Inspections'));
const CasesPage = lazy(() => import('./pages/Cases'));
const PublicInspectionsPage = lazy(() => import('./pages/PublicInspections'));
const CreditPage = lazy(() => import('./pages/Credit'));
// 我的运输 (issue 20): the driver's phone app, offline-tolerant.
const DriverPage = lazy(() => import('./pages/Driver'));
const NotFoundPage = lazy(() => import('./pages/NotFound'));

const queryClient = new QueryClient({ queryCache: new QueryCache({ onError: reportQueryError }), defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

// A long card title wraps (on a phone "病死畜禽无害化处理（报告、收集、处理）") instead of ending in "…".
const CARD = { styles: { title: { whiteSpace: 'normal' as const, overflow: 'visible' as const } } };

/** The lazy pages an element shows (a route's element, or one wrapped in RequireLogin). */
function pagesIn(node: ReactNode, found: Array<() => unknown> = []): Array<() => unknown> {
  if (Array.isArray(node)) { for (const child of node) pagesIn(child as ReactNode, found); return found; }
  if (!node || typeof node !== 'object' || !('type' in node)) return found;
  const preload = (node.type as { preload?: () => unknown }).preload;
  if (preload) found.push(preload);
  pagesIn((node.props as { children?: ReactNode }).children, found);
  return found;
}

const preloaded = new Set<string>();

/** Routes that start loading the pages of the address they are first shown at, before anything waits on them. */
function PreloadingRoutes({ children }: { children: ReactNode }) {
  const location = useLocation();
  if (!preloaded.has(location.pathname)) {
    preloaded.add(location.pathname);
    for (const match of matchRoutes(createRoutesFromChildren(children), location) ?? []) {
      for (const preload of pagesIn(match.route.element)) void Promise.resolve(preload()).catch(() => {});
    }
  }
  return <Routes>{children}</Routes>;
}

function RequireLogin({ children }: { children: React.ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Spin style={{ margin: 80 }} />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/**
 * Whether the person asked their system for less motion (a vestibular disorder, a slow machine):
 * drawers, modals and lists then open and close without animating.
 */
function useReducedMotion(): boolean {
  const query = '(prefers-reduced-motion: reduce)';
  const [reduced, setReduced] = useState(() => window.matchMedia?.(query).matches ?? false);
  useEffect(() => {
    const media = window.matchMedia?.(query);
    if (!media) return;
    const changed = () => setReduced(media.matches);
    media.addEventListener('change', changed);
    return () => media.removeEventListener('change', changed);
  }, []);
  return reduced;
}

function Localised() {
  const { lang } = useI18n();
  const reducedMotion = useReducedMotion();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} button={{ autoInsertSpace: false }} card={CARD} theme={{ token: { colorPrimary: '#1f7a4d', motion: !reducedMotion } }}>
      <AntApp>
        <Suspense fallback={<Spin style={{ margin: 80 }} />}>
          <PreloadingRoutes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/register" element={<RegisterPage />} />
            <Route path="/supply" element={<SupplyPage />} />
            <Route path="/public" element={<PortalPage />} />
            <Route path="/public/:section" element={<PortalPage />} />
            <Route path="/public/:section/:id" element={<PortalPage />} />
            <Route path="/report" element={<ReportPage />} />
            <Route path="/s/:id" element={<SurveyAnswerPage />} />
            <Route path="/public/inspections" element={<PublicInspectionsPage />} />
            <Route path="/public/inspections/:id" element={<PublicInspectionsPage />} />
            <Route path="/public/cells/:id" element={<CellNoticePage />} />
            <Route path="/screen" element={<RequireLogin><ScreenPage /></RequireLogin>} />
            <Route element={<RequireLogin><Shell /></RequireLogin>}>
              <Route index element={<HomePage />} />
              <Route path="regions" element={<RegionsPage />} />
              <Route path="organisations" element={<OrganisationsPage />} />
              <Route path="organisations/:id" element={<OrganisationDetailPage />} />
              <Route path="my-organisation" element={<MyOrganisationPage />} />
              <Route path="users" element={<UsersPage />} />
              <Route path="tokens" element={<TokensPage />} />
              <Route path="catalogues" element={<CataloguesPage />} />
              <Route path="audit" element={<AuditPage />} />
              <Route path="manifests" element={<ManifestsPage />} />
              <Route path="manifests/:id" element={<ManifestDetailPage />} />
              <Route path="store" element={<StorePage />} />
              <Route path="plans" element={<PlansPage />} />
              <Route path="declarations" element={<DeclarationsPage />} />
              <Route path="indicators" element={<IndicatorsPage />} />
              <Route path="tasks" element={<TasksPage />} />
              <Route path="projects" element={<ProjectsPage />} />
              <Route path="live" element={<LivePage />} />
              <Route path="alarms" element={<AlarmsPage />} />
              <Route path="supervision" element={<SupervisionPage />} />
              <Route path="organisations/:id/history" element={<EnterpriseHistoryPage />} />
              <Route path="webhooks" element={<WebhooksPage />} />
              <Route path="rounds" element={<RoundsPage />} />
              <Route path="construction" element={<ConstructionPage />} />
              <Route path="bulk-storage" element={<BulkStoragePage />} />
              <Route path="registers" element={<RegistersPage />} />
              <Route path="exchange" element={<ExchangePage />} />
              <Route path="inspections" element={<InspectionsPage />} />
              <Route path="cases" element={<CasesPage />} />
              <Route path="statistics" element={<StatisticsPage />} />
              <Route path="household" element={<HouseholdPage />} />
              <Route path="green" element={<GreenPage />} />
              <Route path="green/station" element={<GreenStationPage />} />
              <Route path="green/me" element={<GreenMePage />} />
              <Route path="kitchen" element={<KitchenPage />} />
              <Route path="agri" element={<AgriculturePage />} />
              <Route path="recycling" element={<RecyclingPage />} />
              <Route path="agri/straw" element={<AgriStrawPage />} />
              <Route path="agri/film" element={<AgriFilmPage />} />
              <Route path="agri/pesticide" element={<AgriPesticidePage />} />
              <Route path="agri/pesticide/station" element={<AgriPesticideStationPage />} />
              <Route path="surveys" element={<SurveysPage />} />
              <Route path="agri/carcass" element={<AgriCarcassPage />} />
              <Route path="agri/carcass/driver" element={<AgriCarcassDriverPage />} />
              <Route path="recycling/network" element={<RecyclingNetworkPage />} />
              <Route path="recycling/ewaste" element={<RecyclingNetworkPage />} />
              <Route path="recycling/station" element={<RecyclingStationPage />} />
              <Route path="agri/farms" element={<AgriFarmsPage />} />
              <Route path="recycling/reports" element={<RecyclingReportsPage />} />
              <Route path="cells" element={<CellsPage />} />
              <Route path="portal" element={<PortalAdminPage />} />
              <Route path="complaints" element={<ComplaintsPage />} />
              <Route path="credit" element={<CreditPage />} />
              <Route path="recycle" element={<RecyclePage />} />
              <Route path="recycling/bookings" element={<RecyclingBookingsPage />} />
              <Route path="recycling/collector" element={<RecyclingCollectorPage />} />
              <Route path="driver" element={<DriverPage />} />
              <Route path="driver/:id" element={<DriverPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </PreloadingRoutes>
        </Suspense>
      </AntApp>
    </ConfigProvider>
  );
}

registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <BrowserRouter>
          <SessionProvider>
            <Localised />
          </SessionProvider>
        </BrowserRouter>
      </I18nProvider>
    </QueryClientProvider>
  </StrictMode>,
);
