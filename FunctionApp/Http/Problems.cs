namespace FunctionApp.Http;

/// <summary>RFC 9457 problem details with a stable <c>type</c> per kind of problem.</summary>
internal static class Problems
{
    public const string TypeBase = "https://acme.example/problems/";

    public static IResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: title,
            type: TypeBase + title.ToLowerInvariant().Replace(' ', '-'),
            extensions: extensions);
}
