namespace AdminPortal.Web.Common;

/// <summary>One page of a larger result, and how many items there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount);
