// The one way a page draws an ECharts chart: a Svelte action that creates the
// chart on its element, follows the element's size, replaces the option when
// it changes and disposes of the chart with the element. Each chart module
// registers the ECharts parts it uses (tree-shaken `echarts/core`).
import * as echarts from 'echarts/core';

export function echart(node: HTMLElement, option: echarts.EChartsCoreOption) {
  const chart = echarts.init(node, undefined, { renderer: 'canvas' });
  chart.setOption(option, true);
  const ro = new ResizeObserver(() => chart.resize());
  ro.observe(node);
  return {
    update(next: echarts.EChartsCoreOption) {
      chart.setOption(next, true);
    },
    destroy() {
      ro.disconnect();
      chart.dispose();
    },
  };
}
