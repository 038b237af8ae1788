internal static partial class Interop
{
    internal static class Libraries
    {
        /// <summary>
        /// A logical name: <see cref="StandbyAgent.Rdma.RdmacmLibrary"/> resolves it to the
        /// librdmacm.so.1 it loaded (the SONAME, so no -dev package is needed), or to nothing.
        /// </summary>
        internal const string Rdmacm = "rdmacm";

        internal const string Libc = "libc";
    }
}
