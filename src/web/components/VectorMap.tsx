import { RegionMap, type MapLine, type MapPoint } from './RegionMap';

export { MAP_COLOURS, type MapPoint, type MapLine } from './RegionMap';

/**
 * The platform's map of places: points (facilities, vehicles) and lines (tracks) over the region
 * outlines of the user's area (RegionMap). Public pages, which have no session, pass
 * withOutlines={false} and get the places alone, still to scale.
 */
export function VectorMap({ points = [], lines = [], height = 420, testId, onPointClick, withOutlines = true }: {
  points?: MapPoint[]; lines?: MapLine[]; height?: number; testId?: string; onPointClick?: (p: MapPoint) => void; withOutlines?: boolean;
}) {
  return <RegionMap points={points} lines={lines} height={height} testId={testId} onPointClick={onPointClick} withOutlines={withOutlines} />;
}
