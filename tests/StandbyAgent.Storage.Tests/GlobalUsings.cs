global using System.Buffers;
global using StandbyAgent.Protocol;
global using StandbyAgent.Protocol.Replication;
global using StandbyAgent.Storage.Tests.Support;
global using Xunit;
