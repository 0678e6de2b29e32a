using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Data;

/// <summary>
/// Group commit behind a single writer. Callers queue short writes; the writer runs as many as are waiting in one
/// transaction on one connection, so concurrent writers never queue on SQLite's write lock behind each other and
/// a batch of N costs one commit (one WAL sync). A caller's task completes only after its batch committed: an
/// acknowledged write is durable. If a batch fails, each of its writes is run again alone, so a bad write fails only
/// its own caller. Writes in one batch run in order and see each other's changes, so a conditional UPDATE (such as
/// spending a single-use token) still settles a race exactly once. On PostgreSQL, which takes concurrent writers
/// itself (and where other instances write beside this one anyway), each write commits at once in its own transaction.
/// </summary>
public sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>The most writes one transaction takes; more wait for the next one.</summary>
    public const int MaxBatch = 256;

    private readonly IDbContextFactory<AdminPortalDbContext> dbFactory;
    private readonly ILogger<GroupCommitWriter> logger;
    private readonly Channel<IQueuedWrite> queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task loop;
    private readonly bool batching;

    public GroupCommitWriter(IDbContextFactory<AdminPortalDbContext> dbFactory, DatabaseSettings database, ILogger<GroupCommitWriter> logger)
    {
        this.dbFactory = dbFactory;
        this.logger = logger;
        batching = database.IsSqlite;
        loop = batching ? Task.Run(RunAsync) : Task.CompletedTask;
    }

    /// <summary>
    /// Queues <paramref name="write"/>: it stages entities (<c>Add</c>) or runs set-based statements on the batch's
    /// context, and must not call SaveChanges or start a transaction. It may run twice (again alone when its batch
    /// failed), so it must build what it stages itself. The answer is its result, once committed.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<AdminPortalDbContext, Task<T>> write)
    {
        var queued = new QueuedWrite<T>(write);
        if (!batching)
        {
            _ = CommitAloneAsync(queued);
            return queued.Result;
        }
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(queued), this);
        return queued.Result;
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        await loop;
    }

    private async Task RunAsync()
    {
        var batch = new List<IQueuedWrite>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            try
            {
                await CommitAsync(batch);
                batch.ForEach(w => w.Complete());
            }
            catch (Exception e) when (batch.Count > 1)
            {
                logger.LogWarning(e, "A batch of {Count} writes failed; running each alone", batch.Count);
                foreach (var write in batch)
                {
                    await CommitAloneAsync(write);
                }
            }
            catch (Exception e)
            {
                batch[0].Fail(e);
            }
        }
    }

    private async Task CommitAloneAsync(IQueuedWrite write)
    {
        try
        {
            await CommitAsync([write]);
            write.Complete();
        }
        catch (Exception e)
        {
            write.Fail(e);
        }
    }

    private async Task CommitAsync(IReadOnlyList<IQueuedWrite> batch)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var write in batch)
        {
            await write.RunAsync(db);
        }
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private interface IQueuedWrite
    {
        Task RunAsync(AdminPortalDbContext db);

        void Complete();

        void Fail(Exception error);
    }

    private sealed class QueuedWrite<T>(Func<AdminPortalDbContext, Task<T>> write) : IQueuedWrite
    {
        private readonly TaskCompletionSource<T> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? value;

        public Task<T> Result => done.Task;

        public async Task RunAsync(AdminPortalDbContext db) => value = await write(db);

        public void Complete() => done.TrySetResult(value!);

        public void Fail(Exception error) => done.TrySetException(error);
    }
}
