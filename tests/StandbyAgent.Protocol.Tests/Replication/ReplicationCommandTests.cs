using StandbyAgent.Protocol.Replication;

namespace StandbyAgent.Protocol.Tests.Replication;

public sealed class ReplicationCommandTests
{
    public static TheoryData<string, string> SlotCommandsWithInvalidNames
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string command in new[] { "read", "create", "drop", "start" })
            {
                foreach (string name in ReplicationSlotNameTests.InvalidNames)
                {
                    data.Add(command, name);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Identify_system_text()
    {
        Assert.Equal("IDENTIFY_SYSTEM", ReplicationCommand.IdentifySystem);
    }

    [Theory]
    [InlineData("wal_segment_size")]
    [InlineData("data_directory_mode")]
    [InlineData("server_version_num")]
    public void Show_text(string setting)
    {
        Assert.Equal("SHOW " + setting, ReplicationCommand.Show(setting));
    }

    [Theory]
    [InlineData("")]
    [InlineData("WAL_SEGMENT_SIZE")]
    [InlineData("wal segment size")]
    [InlineData("x; DROP")]
    [InlineData("wal_segment_size\0")]
    public void Show_refuses_anything_but_a_plain_setting_name(string setting)
    {
        Assert.Throws<ArgumentException>(() => ReplicationCommand.Show(setting));
    }

    [Theory]
    [InlineData(1u, "TIMELINE_HISTORY 1")]
    [InlineData(2u, "TIMELINE_HISTORY 2")]
    [InlineData(uint.MaxValue, "TIMELINE_HISTORY 4294967295")]
    public void Timeline_history_text(uint timeline, string expected)
    {
        Assert.Equal(expected, ReplicationCommand.TimelineHistory(timeline));
    }

    [Fact]
    public void Timeline_history_of_timeline_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicationCommand.TimelineHistory(0));
    }

    /// <summary>
    /// The replication scanner reads an unquoted leading digit as a number (repl_scanner.l: {digit}+
    /// is UCONST, identifiers start with a letter or underscore), so an unquoted "1standby" is a
    /// syntax error. Quoting, as every other slot command here does, works for every valid name.
    /// </summary>
    [Theory]
    [InlineData("standby_1", "READ_REPLICATION_SLOT \"standby_1\"")]
    [InlineData("1standby", "READ_REPLICATION_SLOT \"1standby\"")]
    public void Read_replication_slot_quotes_the_name_so_that_names_starting_with_a_digit_parse(string slot, string expected)
    {
        Assert.Equal(expected, ReplicationCommand.ReadReplicationSlot(slot));
    }

    [Theory]
    [InlineData(false, false, 15, "CREATE_REPLICATION_SLOT \"standby\" PHYSICAL")]
    [InlineData(true, false, 15, "CREATE_REPLICATION_SLOT \"standby\" PHYSICAL (RESERVE_WAL)")]
    [InlineData(true, false, 18, "CREATE_REPLICATION_SLOT \"standby\" PHYSICAL (RESERVE_WAL)")]
    [InlineData(true, false, 14, "CREATE_REPLICATION_SLOT \"standby\" PHYSICAL RESERVE_WAL")]
    [InlineData(true, false, 10, "CREATE_REPLICATION_SLOT \"standby\" PHYSICAL RESERVE_WAL")]
    [InlineData(true, true, 16, "CREATE_REPLICATION_SLOT \"standby\" TEMPORARY PHYSICAL (RESERVE_WAL)")]
    [InlineData(true, true, 14, "CREATE_REPLICATION_SLOT \"standby\" TEMPORARY PHYSICAL RESERVE_WAL")]
    [InlineData(false, true, 14, "CREATE_REPLICATION_SLOT \"standby\" TEMPORARY PHYSICAL")]
    public void Create_slot_text_uses_the_option_list_from_server_major_15(bool reserveWal, bool temporary, int serverMajor, string expected)
    {
        Assert.Equal(expected, ReplicationCommand.CreatePhysicalSlot("standby", reserveWal, temporary, serverMajor));
    }

    [Theory]
    [InlineData(false, "DROP_REPLICATION_SLOT \"standby\"")]
    [InlineData(true, "DROP_REPLICATION_SLOT \"standby\" WAIT")]
    public void Drop_slot_text(bool wait, string expected)
    {
        Assert.Equal(expected, ReplicationCommand.DropSlot("standby", wait));
    }

    [Theory]
    [InlineData("standby", "16/B374D848", 3u, "START_REPLICATION SLOT \"standby\" PHYSICAL 16/B374D848 TIMELINE 3")]
    [InlineData(null, "0/5000000", 1u, "START_REPLICATION PHYSICAL 0/5000000 TIMELINE 1")]
    [InlineData(null, "0/0", uint.MaxValue, "START_REPLICATION PHYSICAL 0/0 TIMELINE 4294967295")]
    public void Start_replication_text(string? slot, string start, uint timeline, string expected)
    {
        Assert.Equal(expected, ReplicationCommand.StartPhysical(slot, Lsn.Parse(start), timeline));
    }

    /// <summary>The server answers "invalid timeline 0" (repl_gram.y opt_timeline), as TIMELINE_HISTORY does.</summary>
    [Fact]
    public void Start_replication_on_timeline_zero_is_refused_like_timeline_history()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ReplicationCommand.StartPhysical("standby", Lsn.Parse("0/5000000"), 0));
    }

    [Theory]
    [MemberData(nameof(SlotCommandsWithInvalidNames))]
    public void Every_command_that_names_a_slot_refuses_an_invalid_name(string command, string slot)
    {
        Assert.Throws<ArgumentException>(() => command switch
        {
            "read" => ReplicationCommand.ReadReplicationSlot(slot),
            "create" => ReplicationCommand.CreatePhysicalSlot(slot, reserveWal: true, temporary: false, serverMajorVersion: 17),
            "drop" => ReplicationCommand.DropSlot(slot, wait: true),
            _ => ReplicationCommand.StartPhysical(slot, Lsn.Parse("0/5000000"), 1),
        });
    }
}
