using System.Linq;
using PcHpc.Cmdlets.Tests.Support;

namespace PcHpc.Cmdlets.Tests.Network
{
    /// <summary>
    /// Remove-HpcVpc is ConfirmImpact High: every answer a user can give at the prompt (Y, N, A = yes to all,
    /// L = no to all, S = suspend), by name and piped from Get-HpcVpc, through the real engine with the answering host.
    /// What happened is read at the fake AWS, and nothing may reach the host from another thread.
    /// </summary>
    [Collection(NetworkCollection.Name)]
    public class RemoveHpcVpcPromptTests
    {
        private readonly NetworkSession _s;

        public RemoveHpcVpcPromptTests(NetworkSession session) => _s = session;

        private PsResult RemoveByName(string name, params string[] answers) =>
            _s.InvokeAnswering("Remove-HpcVpc -Name $args[0]", answers, name);

        [Fact]
        public void By_name_Yes_deletes_the_stack()
        {
            var name = _s.UniqueName("rm-y");
            var id = _s.CreateReady(name);

            var r = RemoveByName(name, "Y").Succeeded();

            Assert.Single(r.Prompts);
            Assert.Contains(name, r.Prompts[0]);
            Assert.True(_s.DeleteRequested(id), "the stack was not deleted: " + _s.StackStatus(id));
            Assert.Empty(r.OffThreadCalls);
            Assert.Empty(r.Output);
        }

        [Fact]
        public void By_name_No_leaves_the_stack()
        {
            var name = _s.UniqueName("rm-n");
            var id = _s.CreateReady(name);
            _s.Aws.Calls.Clear();

            var r = RemoveByName(name, "N").Succeeded();

            Assert.Single(r.Prompts);
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(id));
            Assert.Empty(_s.MutatingCalls());
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void By_name_Yes_to_all_deletes_the_stack()
        {
            var name = _s.UniqueName("rm-a");
            var id = _s.CreateReady(name);

            var r = RemoveByName(name, "A").Succeeded();

            Assert.Single(r.Prompts);
            Assert.True(_s.DeleteRequested(id));
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void By_name_No_to_all_leaves_the_stack()
        {
            var name = _s.UniqueName("rm-l");
            var id = _s.CreateReady(name);
            _s.Aws.Calls.Clear();

            var r = RemoveByName(name, "L").Succeeded();

            Assert.Single(r.Prompts);
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(id));
            Assert.Empty(_s.MutatingCalls());
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void By_name_Suspend_then_Yes_asks_again_and_deletes()
        {
            var name = _s.UniqueName("rm-s");
            var id = _s.CreateReady(name);
            var nested = _s.Host.NestedPrompts;

            var r = RemoveByName(name, "S", "Y").Succeeded();

            Assert.Equal(2, r.Prompts.Count);
            Assert.Equal(nested + 1, _s.Host.NestedPrompts);
            Assert.True(_s.DeleteRequested(id));
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void By_name_Suspend_then_No_asks_again_and_leaves_the_stack()
        {
            var name = _s.UniqueName("rm-sn");
            var id = _s.CreateReady(name);

            var r = RemoveByName(name, "S", "N").Succeeded();

            Assert.Equal(2, r.Prompts.Count);
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(id));
            Assert.Empty(r.OffThreadCalls);
        }

        private (string prefix, string[] ids) ThreeNetworks(string tag)
        {
            var prefix = _s.UniqueName("pipe" + tag);
            var ids = new[] { "a", "b", "c" }.Select(x => _s.CreateReady(prefix + "-" + x)).ToArray();
            return (prefix, ids);
        }

        private PsResult RemovePiped(string prefix, params string[] answers) =>
            _s.InvokeAnswering("Get-HpcVpc -Name ($args[0] + '-*') | Remove-HpcVpc", answers, prefix);

        [Fact]
        public void Piped_Yes_No_Yes_deletes_the_first_and_third_only()
        {
            var (prefix, ids) = ThreeNetworks("ynY");

            var r = RemovePiped(prefix, "Y", "N", "Y").Succeeded();

            Assert.Equal(3, r.Prompts.Count);
            Assert.Contains(prefix + "-a", r.Prompts[0]);
            Assert.Contains(prefix + "-b", r.Prompts[1]);
            Assert.Contains(prefix + "-c", r.Prompts[2]);
            Assert.True(_s.DeleteRequested(ids[0]));
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(ids[1]));
            Assert.True(_s.DeleteRequested(ids[2]));
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void Piped_Yes_to_all_asks_once_and_deletes_every_network()
        {
            var (prefix, ids) = ThreeNetworks("a");

            var r = RemovePiped(prefix, "A").Succeeded();

            Assert.Single(r.Prompts);
            Assert.All(ids, id => Assert.True(_s.DeleteRequested(id), id + " is " + _s.StackStatus(id)));
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void Piped_No_to_all_asks_once_and_deletes_nothing()
        {
            var (prefix, ids) = ThreeNetworks("l");
            _s.Aws.Calls.Clear();

            var r = RemovePiped(prefix, "L").Succeeded();

            Assert.Single(r.Prompts);
            Assert.All(ids, id => Assert.Equal("CREATE_COMPLETE", _s.StackStatus(id)));
            Assert.Empty(_s.MutatingCalls());
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void Piped_No_then_Yes_to_all_deletes_the_second_and_third()
        {
            var (prefix, ids) = ThreeNetworks("na");

            var r = RemovePiped(prefix, "N", "A").Succeeded();

            Assert.Equal(2, r.Prompts.Count);
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(ids[0]));
            Assert.True(_s.DeleteRequested(ids[1]));
            Assert.True(_s.DeleteRequested(ids[2]));
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void Piped_Suspend_asks_the_same_network_again()
        {
            var (prefix, ids) = ThreeNetworks("s");

            var r = RemovePiped(prefix, "Y", "S", "N", "Y").Succeeded();

            Assert.Equal(4, r.Prompts.Count);
            Assert.Contains(prefix + "-b", r.Prompts[1]);
            Assert.Contains(prefix + "-b", r.Prompts[2]);
            Assert.True(_s.DeleteRequested(ids[0]));
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(ids[1]));
            Assert.True(_s.DeleteRequested(ids[2]));
            Assert.Empty(r.OffThreadCalls);
        }

        [Fact]
        public void Piped_with_Wait_and_Yes_removes_the_record_and_reports_progress_on_the_pipeline_thread()
        {
            var (prefix, ids) = ThreeNetworks("w");

            var r = _s.InvokeAnswering("Get-HpcVpc -Name ($args[0] + '-*') | Remove-HpcVpc -Wait -PassThru", new[] { "A" }, prefix).Succeeded();

            Assert.Equal(3, r.Output.Count);
            Assert.All(r.Output, o => Assert.Equal("Deleted", o.Prop<string>("Status")));
            Assert.All(ids, id => Assert.Equal("DELETE_COMPLETE", _s.StackStatus(id)));
            Assert.NotEmpty(r.Progress);
            Assert.Empty(r.OffThreadCalls);
            var cached = _s.Invoke("Get-HpcVpc -Cached -Name ($args[0] + '-*')", prefix).Succeeded();
            Assert.Empty(cached.Output);
        }

        [Fact]
        public void In_a_runbook_with_no_one_to_answer_the_prompt_fails_and_nothing_is_deleted()
        {
            var name = _s.UniqueName("rm-ni");
            var id = _s.CreateReady(name);

            var r = _s.InvokeAnswering("Remove-HpcVpc -Name $args[0]", new string[0], name);

            Assert.Single(r.UnansweredPrompts);
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(id));
        }

        [Fact]
        public void Force_and_Confirm_false_skip_the_prompt_and_delete()
        {
            var a = _s.UniqueName("rm-f");
            var b = _s.UniqueName("rm-cf");
            var ida = _s.CreateReady(a);
            var idb = _s.CreateReady(b);

            var r1 = _s.InvokeAnswering("Remove-HpcVpc -Name $args[0] -Force", new string[0], a).Succeeded();
            var r2 = _s.InvokeAnswering("Remove-HpcVpc -Name $args[0] -Confirm:$false", new string[0], b).Succeeded();

            Assert.Empty(r1.Prompts);
            Assert.Empty(r2.Prompts);
            Assert.True(_s.DeleteRequested(ida));
            Assert.True(_s.DeleteRequested(idb));
        }

        [Fact]
        public void WhatIf_wins_over_Force_and_says_what_would_be_deleted()
        {
            var name = _s.UniqueName("rm-wi");
            var id = _s.CreateReady(name);
            _s.Aws.Calls.Clear();

            var r = _s.InvokeAnswering("Remove-HpcVpc -Name $args[0] -Force -WhatIf", new string[0], name).Succeeded();

            Assert.Empty(r.Prompts);
            Assert.Contains(r.HostText, t => t.StartsWith("What if:") && t.Contains(name) && t.Contains("Delete network stack"));
            Assert.Equal("CREATE_COMPLETE", _s.StackStatus(id));
            Assert.Empty(_s.MutatingCalls());
        }
    }
}
