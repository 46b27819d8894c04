import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, LinesChart, SankeyChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, LinesChart, SankeyChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, CanvasRenderer]);

/** One ECharts instance, resized with its box, re-rendered when the option changes. */
export function Chart({ option, height = 280, testId, events }: { option: echarts.EChartsCoreOption; height?: number; testId?: string; events?: Record<string, (e: never) => void> }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    chart.current = echarts.init(box.current!, undefined, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(box.current!);
    return () => { observer.disconnect(); chart.current?.dispose(); };
  }, []);
  useEffect(() => { chart.current?.setOption(option, true); }, [option]);
  useEffect(() => {
    const c = chart.current;
    if (!c || !events) return;
    for (const [name, handler] of Object.entries(events)) c.on(name, handler as never);
    return () => { for (const name of Object.keys(events)) c.off(name); };
  }, [events]);
  return <div ref={box} style={{ width: '100%', height }} data-testid={testId} />;
}
