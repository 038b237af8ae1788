using StandbyAgent.Protocol.Authentication;
using StandbyAgent.Transport;

namespace StandbyAgent.Replication.Connection.Tls;

/// <summary>The transport to run startup over, and its TLS channel for SCRAM; null when not encrypted.</summary>
internal readonly record struct NegotiatedTransport(ITransportConnection Transport, TlsChannelBinding? ChannelBinding);
