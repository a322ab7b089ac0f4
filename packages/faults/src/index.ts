export { startTcpFaultProxy, type TcpFaultProxy } from './tcp-fault-proxy.js';
