global using System.Buffers;
global using Xunit;
