/**
 * The Windows service wrapper, as C# source compiled on the host by the csc.exe that every
 * Windows ships with the .NET Framework 4 (nothing downloaded).
 *
 * Why a wrapper: the Service Control Manager only runs programs that call
 * StartServiceCtrlDispatcher and answer its start and stop requests; node cannot, and a .cmd or
 * PowerShell script cannot either (the SCM kills them after 30 s with error 1053). This small
 * ServiceBase program is a real SCM service: it starts `node director.js start --foreground`,
 * reports RUNNING only once the admin port answers (the daemon itself refreshes on the first start
 * after a boot: its start rules), stops with `director shutdown`, and when the
 * daemon dies on its own it ends without reporting STOPPED, which the SCM treats as a failure so
 * that the recovery actions (restart) apply.
 */

/** C# verbatim string literal: only `"` needs doubling. */
function verbatim(s: string): string {
  return `@"${s.replace(/"/g, '""')}"`;
}

export interface WrapperInputs {
  readonly serviceName: string;
  readonly nodePath: string;
  readonly directorScript: string;
}

export function windowsWrapperSource(w: WrapperInputs): string {
  return `// Thespian Director service wrapper for "${w.serviceName}"; written by "director bootstart".
// Compiled on this host by the .NET Framework's csc.exe. Run bootstart again rather than editing.
using System;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.ServiceProcess;
using System.Threading;

public sealed class ThespianDirectorService : ServiceBase
{
    const string NodePath = ${verbatim(w.nodePath)};
    const string DirectorScript = ${verbatim(w.directorScript)};
    const int ReadyTimeoutMs = 90000;
    const int StopTimeoutMs = 30000;
    const int DefaultAdminPort = 1900;

    Process daemon;
    volatile bool stopping;

    public ThespianDirectorService()
    {
        ServiceName = ${verbatim(w.serviceName)};
        CanStop = true;
        CanShutdown = true;
        AutoLog = true;
    }

    static Process Director(string arguments)
    {
        ProcessStartInfo psi = new ProcessStartInfo(NodePath, "\\"" + DirectorScript + "\\" " + arguments);
        psi.UseShellExecute = false;
        psi.CreateNoWindow = true;
        return Process.Start(psi);
    }

    static string Cfg(string name)
    {
        string dir = Environment.GetEnvironmentVariable("THESPIAN_DIRECTOR_DIR");
        if (string.IsNullOrEmpty(dir)) return null;
        string file = Path.Combine(dir, name);
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    // The daemon's admin port, read as the daemon reads it: adminport.cfg, else 1900.
    static int AdminPort()
    {
        int port;
        string text = Cfg("adminport.cfg");
        return text != null && int.TryParse(text, out port) ? port : DefaultAdminPort;
    }

    static string AdminHost()
    {
        string host = Cfg("adminhost.cfg");
        if (string.IsNullOrEmpty(host) || host == "0.0.0.0") return "127.0.0.1";
        return host == "::" ? "::1" : host;
    }

    static bool Answers(string host, int port)
    {
        try
        {
            using (TcpClient client = new TcpClient())
            {
                client.Connect(host, port);
                return true;
            }
        }
        catch (SocketException)
        {
            return false;
        }
    }

    protected override void OnStart(string[] args)
    {
        daemon = Director("start --foreground");
        string host = AdminHost();
        int port = AdminPort();
        Stopwatch clock = Stopwatch.StartNew();
        while (!Answers(host, port))
        {
            if (daemon.HasExited)
                throw new InvalidOperationException("the director daemon exited during start-up with code " + daemon.ExitCode + "; see its log");
            if (clock.ElapsedMilliseconds > ReadyTimeoutMs)
            {
                daemon.Kill();
                throw new System.TimeoutException("the director daemon's admin port " + host + ":" + port + " did not answer within " + (ReadyTimeoutMs / 1000) + " s");
            }
            RequestAdditionalTime(2000);
            Thread.Sleep(250);
        }
        daemon.EnableRaisingEvents = true;
        daemon.Exited += OnDaemonExited;
        if (daemon.HasExited) OnDaemonExited(daemon, EventArgs.Empty);
    }

    void OnDaemonExited(object sender, EventArgs e)
    {
        if (stopping) return;
        EventLog.WriteEntry("the director daemon exited unexpectedly with code " + daemon.ExitCode +
            "; ending the service so that its recovery actions restart it", EventLogEntryType.Error);
        // Ending without reporting STOPPED is a failure to the SCM: the recovery actions apply.
        Environment.Exit(1);
    }

    protected override void OnStop()
    {
        stopping = true;
        if (daemon == null || daemon.HasExited) return;
        RequestAdditionalTime(2 * StopTimeoutMs + 5000);
        try
        {
            using (Process stop = Director("shutdown"))
            {
                stop.WaitForExit(StopTimeoutMs);
            }
        }
        catch (Exception e)
        {
            EventLog.WriteEntry("director shutdown failed: " + e.Message, EventLogEntryType.Warning);
        }
        if (!daemon.WaitForExit(StopTimeoutMs)) daemon.Kill();
    }

    protected override void OnShutdown()
    {
        OnStop();
    }

    public static void Main()
    {
        ServiceBase.Run(new ThespianDirectorService());
    }
}
`;
}
