import { configure } from "@testing-library/dom";

// jsdom lacks ResizeObserver, which Fluent UI v9 components construct on mount.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
(globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;

// jsdom lays nothing out and has no scrollIntoView, which the pane calls to show a send's result
// at its start.
Element.prototype.scrollIntoView ??= function scrollIntoView(): void {};

// findBy*/waitFor give up after 1 s by default, which a loaded machine can exceed while React
// renders a lazy chunk. They return as soon as the element is there, so a generous limit costs
// nothing on a fast machine; it only keeps a slow one from failing a correct pane.
// Configured through @testing-library/dom, which @testing-library/react builds on: importing
// @testing-library/react here, before jest defines afterEach, would switch off its automatic
// cleanup between tests.
configure({ asyncUtilTimeout: 30_000 });
