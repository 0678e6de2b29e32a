using Microsoft.AspNetCore.Components.Authorization;

namespace AdminPortal.Web.Staff;

/// <summary>The signed-in staff member as an <see cref="Actor"/>, for pages: one place instead of each page reading the principal.</summary>
public sealed class CurrentActor(AuthenticationStateProvider authentication)
{
    /// <summary>Read afresh each time, so a role change that reached the circuit is seen by the next page.</summary>
    public async Task<Actor?> GetAsync() => Actor.FromPrincipal((await authentication.GetAuthenticationStateAsync()).User);
}
