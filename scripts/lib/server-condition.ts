// Server modules in lib/ import "server-only", which throws unless the module is loaded under
// React's server build. Scripts, the worker and test children load them with Node directly, so
// they run with the `react-server` export condition, under which "server-only" is empty.
export const SERVER_CONDITION = "--conditions=react-server";
