// Calls and service level per interval today, against the forecast (Apache ECharts).
import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "preact/hooks";

import { language, t } from "../i18n";
import type { Queue } from "./QueueTile";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// "08:30" in the center's day: the interval's start, as its index from the day's start.
function label(index: number, intervalSeconds: number): string {
  const minutes = Math.round((index * intervalSeconds) / 60);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export function IntervalChart({ queue }: { queue: Queue }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    chart.current = echarts.init(element.current!);
    const resize = () => chart.current?.resize();
    window.addEventListener("resize", resize);
    return () => {
      window.removeEventListener("resize", resize);
      chart.current?.dispose();
    };
  }, []);

  useEffect(() => {
    const count = Math.max(queue.forecast.length, queue.intervals.length, 1);
    const labels = Array.from({ length: count }, (_, i) => label(i, queue.interval_s || 1800));
    const offered = queue.intervals.map((p) => p.offered);
    const sl = queue.intervals.map((p) => (p.offered > 0 ? Math.round(p.service_level * 1000) / 10 : null));
    chart.current?.setOption(
      {
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { data: [t("board.chart_calls"), t("board.chart_forecast"), t("board.chart_sl")] },
        grid: { left: 40, right: 48, top: 36, bottom: 28 },
        xAxis: { type: "category", data: labels },
        yAxis: [
          { type: "value", name: t("board.chart_calls"), minInterval: 1 },
          { type: "value", name: "SL %", min: 0, max: 100 },
        ],
        series: [
          { name: t("board.chart_calls"), type: "bar", data: offered, itemStyle: { color: "#1d5fbf" } },
          {
            name: t("board.chart_forecast"),
            type: "line",
            data: queue.forecast.map((f) => f.calls),
            lineStyle: { type: "dashed" },
            itemStyle: { color: "#66788a" },
            symbol: "none",
          },
          { name: t("board.chart_sl"), type: "line", yAxisIndex: 1, data: sl, connectNulls: false, itemStyle: { color: "#1f8a4c" } },
        ],
      },
      true,
    );
  }, [queue, language()]);

  return <div class="chart" data-testid="interval-chart" ref={element} />;
}
